using Mono.Cecil;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// Which component folder (a top-level folder of <c>core/</c> or <c>proxy/</c>, such as <c>proxy/Routing</c>) uses
/// which other, read from the compiled assemblies: every type a type names in its signatures, attributes, fields, locals
/// and method bodies. A type belongs to the folder of its source file (from the PDB), so DI extension classes, whose
/// namespace is Microsoft's, count for the folder they are written in.
/// </summary>
internal sealed class ComponentGraph
{
    private static readonly string[] Projects = ["core", "proxy"];
    private static readonly string[] AssemblyFiles = ["GatewayMesh.Core.dll", "GatewayMesh.Proxy.dll"];

    private readonly Dictionary<string, TypeDefinition> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeDefinition, string?> _folders = [];
    private readonly string _root = SolutionAssemblies.RepositoryRoot;

    private ComponentGraph()
    {
        var modules = AssemblyFiles
            .Select(f => ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, f), new ReaderParameters { ReadSymbols = true }))
            .ToArray();
        foreach (var type in modules.SelectMany(m => m.GetTypes()))
        {
            _types[type.FullName] = type;
        }

        foreach (var type in modules.SelectMany(m => m.Types))
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }

            foreach (var (used, to) in UsedTypes(type).Select(u => (u, FolderOf(u))).Where(p => p.Item2 is not null && p.Item2 != from))
            {
                var uses = Edges.TryGetValue(from, out var u) ? u : Edges[from] = new SortedDictionary<string, string>(StringComparer.Ordinal);
                uses.TryAdd(to!, $"{type.FullName} uses {used.FullName}");
            }
        }
    }

    public static ComponentGraph Instance { get; } = new();

    /// <summary>Component → the components it uses, each with one example (which type uses which).</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Every component folder: a folder directly under core/ or proxy/ that holds C# source.</summary>
    public IEnumerable<string> Components =>
        from project in Projects
        from dir in Directory.EnumerateDirectories(Path.Combine(_root, project))
        let name = Path.GetFileName(dir)
        where name is not ("bin" or "obj") && Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Any()
        orderby name
        select $"{project}/{name}";

    /// <summary>The strongly connected groups of more than one component: each is a cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(Func<string, string, bool> ignore)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in Edges.TryGetValue(v, out var uses) ? uses.Keys.Where(w => !ignore(v, w)) : [])
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

        foreach (var component in Edges.Keys.Where(c => !index.ContainsKey(c)).ToArray())
        {
            Visit(component);
        }

        return cycles;
    }

    private string? FolderOf(TypeReference reference)
    {
        while (reference is TypeSpecification spec)
        {
            reference = spec.ElementType;
        }

        while (reference.DeclaringType is { } outer)
        {
            reference = outer;
        }

        return _types.TryGetValue(reference.FullName, out var type) ? FolderOf(type) : null;
    }

    private string? FolderOf(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        if (!_folders.TryGetValue(type, out var folder))
        {
            _folders[type] = folder = SourceFolder(type) ?? NamespaceFolder(type.Namespace);
        }

        return folder;
    }

    /// <summary>The component folder of the first source file (not a generated one) a method of the type was compiled from.</summary>
    private string? SourceFolder(TypeDefinition type)
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
                    return Component(relative);
                }
            }
        }

        return null;
    }

    /// <summary>For types without method bodies (interfaces, enums): GatewayMesh.Proxy.Routing → proxy/Routing.</summary>
    private static string? NamespaceFolder(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 3 && parts[0] == "GatewayMesh" && Projects.Contains(parts[1].ToLowerInvariant())
            ? $"{parts[1].ToLowerInvariant()}/{parts[2]}"
            : null;
    }

    private static string? Component(string relativePath)
    {
        var parts = relativePath.Split('/');
        return parts.Length >= 3 && Projects.Contains(parts[0]) ? $"{parts[0]}/{parts[1]}" : null;
    }

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
