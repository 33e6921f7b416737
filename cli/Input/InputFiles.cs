namespace GatewayMesh.Cli.Input;

/// <summary>The text of one input named by <c>-f</c>, with the name to show in messages.</summary>
internal sealed record InputDocument(string Name, string Text);

/// <summary>
/// Expands <c>-f</c> arguments: a file, <c>-</c> for stdin, or a directory meaning its <c>*.yaml</c>, <c>*.yml</c> and
/// <c>*.json</c> files in ordinal order (subdirectories too with <c>-R</c>).
/// </summary>
internal static class InputFiles
{
    public const string Stdin = "-";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static IReadOnlyList<InputDocument> Read(IReadOnlyList<string> specs, bool recursive, CliConsole console, CliEnvironment environment)
    {
        if (specs.Count == 0)
        {
            throw new CliException("no input: pass -f FILE, -f DIR or -f - (stdin)");
        }

        var documents = new List<InputDocument>();
        foreach (var spec in specs)
        {
            if (spec == Stdin)
            {
                documents.Add(new InputDocument("<stdin>", console.In.ReadToEnd()));
                continue;
            }

            var fullPath = environment.ResolvePath(spec);
            if (Directory.Exists(fullPath))
            {
                documents.AddRange(ReadDirectory(spec, fullPath, recursive));
            }
            else if (File.Exists(fullPath))
            {
                documents.Add(new InputDocument(spec, File.ReadAllText(fullPath)));
            }
            else
            {
                throw new CliException($"the path \"{spec}\" does not exist");
            }
        }

        return documents;
    }

    /// <summary>How the inputs are named in a summary line: <c>configs/bookinfo</c> or <c>a.yaml, b.yaml</c>.</summary>
    public static string Describe(IReadOnlyList<string> specs) =>
        string.Join(", ", specs.Select(s => s == Stdin ? "<stdin>" : s));

    private static IEnumerable<InputDocument> ReadDirectory(string spec, string fullPath, bool recursive)
    {
        var files = Directory
            .EnumerateFiles(fullPath, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new CliException($"no .yaml, .yml or .json files in \"{spec}\"{(recursive ? "" : " (use -R for subdirectories)")}");
        }

        return files.Select(f => new InputDocument(Path.Combine(spec, Path.GetRelativePath(fullPath, f)), File.ReadAllText(f)));
    }
}
