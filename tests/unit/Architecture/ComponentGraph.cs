using Mono.Cecil;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// Which component uses which other, read from the compiled assemblies: every type a type names in its signatures,
/// attributes, fields, locals and method bodies. A component is a top-level folder of <c>core/</c> or <c>proxy/</c>
/// (such as <c>proxy/Routing</c>), or a top-level folder holding another product project (<c>ingress</c>, <c>ca</c>,
/// <c>cli</c>, ...). A type belongs to the folder of its source file (from the PDB), so DI extension classes, whose
/// namespace is Microsoft's, count for the folder they are written in.
/// </summary>
internal sealed class ComponentGraph
{
    /// <summary>The projects whose top-level folders are each a component.</summary>
    private static readonly string[] Layered = ["core", "proxy"];

    /// <summary>
    /// The folders of the product projects other than core and proxy (<c>ca</c>, <c>ingress</c>,
    /// <c>samples/bookinfo</c>, ...): each is one component.
    /// </summary>
    public static IReadOnlySet<string> TopLevel { get; } = SolutionAssemblies.ProductProjectFolders()
        .Where(f => !Layered.Contains(f))
        .ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, TypeDefinition> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeDefinition, string?> _folders = [];
    private readonly Dictionary<TypeDefinition, string?> _directories = [];
    private readonly List<(string From, string To, string Example)> _folderUses = [];
    private readonly string _root = SolutionAssemblies.RepositoryRoot;

    private ComponentGraph()
    {
        var modules = SolutionAssemblies.Names
            .Select(n => ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, n + ".dll"), new ReaderParameters { ReadSymbols = true }))
            .ToArray();
        foreach (var type in modules.SelectMany(m => m.GetTypes()))
        {
            _types[Key(type)] = type;
        }

        foreach (var type in modules.SelectMany(m => m.Types))
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }

            var fromPath = SourceDirectory(type);
            foreach (var used in UsedTypes(type))
            {
                if (FolderOf(used) is not { } to)
                {
                    continue;
                }

                if (to != from)
                {
                    var uses = Edges.TryGetValue(from, out var u) ? u : Edges[from] = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    uses.TryAdd(to, $"{type.FullName} uses {used.FullName}");
                }

                if (fromPath is not null && SourceDirectory(used) is { } toPath && toPath != fromPath)
                {
                    _folderUses.Add((fromPath, toPath, $"{type.FullName} uses {used.FullName}"));
                }
            }
        }
    }

    public static ComponentGraph Instance { get; } = new();

    /// <summary>
    /// Every use of a type in another source folder, by the two folders' repository-relative paths
    /// (<c>cli/Local/Run</c> uses <c>cli/Local/Workloads</c>), each with its example. Types whose source is unknown
    /// (interfaces and enums have no method bodies) are left out.
    /// </summary>
    public IReadOnlyList<(string From, string To, string Example)> FolderUses => _folderUses;

    /// <summary>Component → the components it uses, each with one example (which type uses which).</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Every component: a folder directly under core/ or proxy/ that holds C# source, and every <see cref="TopLevel"/> folder.</summary>
    public IEnumerable<string> Components =>
        (from project in Layered
         from dir in Directory.EnumerateDirectories(Path.Combine(_root, project))
         let name = Path.GetFileName(dir)
         where name is not ("bin" or "obj") && Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Any()
         select $"{project}/{name}")
        .Concat(TopLevel)
        .Order(StringComparer.Ordinal);

    /// <summary>The strongly connected groups of more than one component in this graph: each is a cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() =>
        Cycles(Edges.ToDictionary(e => e.Key, e => (IEnumerable<string>)e.Value.Keys, StringComparer.Ordinal));

    /// <summary>The strongly connected groups of more than one node (Tarjan): each is a cycle, its nodes in ordinal order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IEnumerable<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in edges.TryGetValue(v, out var uses) ? uses : [])
            {
                if (!index.TryGetValue(w, out var visited))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], visited);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    group.Sort(StringComparer.Ordinal);
                    cycles.Add(group);
                }
            }
        }

        foreach (var component in edges.Keys.Where(c => !index.ContainsKey(c)).ToArray())
        {
            Visit(component);
        }

        return cycles;
    }

    private string? FolderOf(TypeReference reference) => Definition(reference) is { } type ? FolderOf(type) : null;

    /// <summary>The solution's own outermost type a reference names (arrays, generics and nesting unwrapped), or null.</summary>
    private TypeDefinition? Definition(TypeReference reference)
    {
        while (reference is TypeSpecification spec)
        {
            reference = spec.ElementType;
        }

        while (reference.DeclaringType is { } outer)
        {
            reference = outer;
        }

        return _types.GetValueOrDefault(Key(reference));
    }

    /// <summary>A type's assembly and full name: every executable has its own <c>Program</c>.</summary>
    private static string Key(TypeReference type)
    {
        var assembly = type.Scope switch
        {
            ModuleDefinition module => module.Assembly.Name.Name,
            AssemblyNameReference name => name.Name,
            _ => type.Module.Assembly.Name.Name,
        };
        return assembly + "|" + type.FullName;
    }

    private string? FolderOf(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        if (!_folders.TryGetValue(type, out var folder))
        {
            _folders[type] = folder = (SourceFile(type) is { } file ? Component(file) : null) ?? NamespaceFolder(type.Namespace);
        }

        return folder;
    }

    /// <summary>The repository-relative folder of a type's source file, or null when it is unknown or not ours.</summary>
    private string? SourceDirectory(TypeReference reference)
    {
        if (Definition(reference) is not { } type)
        {
            return null;
        }

        if (!_directories.TryGetValue(type, out var directory))
        {
            _directories[type] = directory = SourceFile(type) is { } file ? Path.GetDirectoryName(file)?.Replace('\\', '/') : null;
        }

        return directory;
    }

    /// <summary>The repository-relative path of the first source file (not a generated one) a method of the type was compiled from.</summary>
    private string? SourceFile(TypeDefinition type)
    {
        foreach (var method in type.Methods.Concat(type.NestedTypes.SelectMany(n => n.Methods)))
        {
            foreach (var point in method.DebugInformation.HasSequencePoints ? method.DebugInformation.SequencePoints : [])
            {
                // An absolute path, or "/_/..." when the build maps the repository root (deterministic CI builds).
                var url = point.Document.Url.Replace('\\', '/');
                var relative = url.StartsWith("/_/", StringComparison.Ordinal) ? url[3..] : Path.GetRelativePath(_root, url).Replace('\\', '/');
                if (!relative.StartsWith("..", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal)
                    && File.Exists(Path.Combine(_root, relative)))
                {
                    return relative;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// For types without method bodies (interfaces, enums): GatewayMesh.Proxy.Routing → proxy/Routing,
    /// GatewayMesh.Ingress.Tls → ingress, GatewayMesh.Samples.Bookinfo.Shared → samples/bookinfo.
    /// </summary>
    private static string? NamespaceFolder(string ns)
    {
        var parts = ns.Split('.');
        if (parts.Length < 2 || parts[0] != "GatewayMesh")
        {
            return null;
        }

        var project = parts[1].ToLowerInvariant();
        return Layered.Contains(project)
            ? (parts.Length >= 3 ? $"{project}/{parts[2]}" : null)
            : TopLevelOf(string.Join('/', parts.Skip(1)).ToLowerInvariant() + "/");
    }

    private static string? Component(string relativePath)
    {
        var parts = relativePath.Split('/');
        return Layered.Contains(parts[0])
            ? (parts.Length >= 3 ? $"{parts[0]}/{parts[1]}" : null)
            : TopLevelOf(relativePath);
    }

    /// <summary>The <see cref="TopLevel"/> component a path lies in (<c>samples/bookinfo/Shared/X.cs</c> → <c>samples/bookinfo</c>).</summary>
    private static string? TopLevelOf(string path) => TopLevel.FirstOrDefault(c => path.StartsWith(c + "/", StringComparison.Ordinal));

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        foreach (var nested in type.NestedTypes)
        {
            foreach (var used in UsedTypes(nested))
            {
                yield return used;
            }
        }

        var direct = new List<TypeReference?> { type.BaseType };
        direct.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        direct.AddRange(Attributes(type));
        direct.AddRange(type.GenericParameters.SelectMany(g => g.Constraints.Select(c => c.ConstraintType)));
        foreach (var field in type.Fields)
        {
            direct.Add(field.FieldType);
            direct.AddRange(Attributes(field));
        }

        foreach (var property in type.Properties)
        {
            direct.Add(property.PropertyType);
            direct.AddRange(Attributes(property));
        }

        direct.AddRange(type.Events.Select(e => e.EventType));
        foreach (var method in type.Methods)
        {
            direct.Add(method.ReturnType);
            direct.AddRange(Attributes(method));
            direct.AddRange(method.Parameters.Select(p => p.ParameterType));
            if (!method.HasBody)
            {
                continue;
            }

            direct.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        direct.Add(t);
                        break;
                    case MethodReference m:
                        direct.Add(m.DeclaringType);
                        direct.Add(m.ReturnType);
                        direct.AddRange(m.Parameters.Select(p => p.ParameterType));
                        if (m is GenericInstanceMethod g)
                        {
                            direct.AddRange(g.GenericArguments);
                        }

                        break;
                    case FieldReference f:
                        direct.Add(f.DeclaringType);
                        direct.Add(f.FieldType);
                        break;
                }
            }
        }

        foreach (var reference in direct)
        {
            foreach (var used in Expand(reference))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<TypeReference?> Attributes(Mono.Cecil.ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes ? provider.CustomAttributes.Select(a => (TypeReference?)a.AttributeType) : [];

    /// <summary>A type and every type inside it: generic arguments, array and by-ref element types.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? reference)
    {
        if (reference is null or GenericParameter)
        {
            yield break;
        }

        if (reference is GenericInstanceType generic)
        {
            foreach (var argument in generic.GenericArguments.SelectMany(Expand))
            {
                yield return argument;
            }
        }

        if (reference is TypeSpecification spec)
        {
            foreach (var element in Expand(spec.ElementType))
            {
                yield return element;
            }

            yield break;
        }

        yield return reference;
    }
}
