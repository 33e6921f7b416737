using System.Text.Json;

namespace GatewayMesh.Cli.Context;

/// <summary>
/// The file <c>meshctl up</c> writes so later commands find the registry: <c>{"server": URL, "tokenFile": PATH}</c>.
/// It names the token file rather than holding the token; a relative token path is relative to the context file.
/// </summary>
internal sealed record ContextFile(string? Server, string? TokenFile)
{
    public const string HomeVariable = "MESHCTL_HOME";
    public const string PathVariable = "MESHCTL_CONTEXT";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>$MESHCTL_HOME/.meshctl/context.json</c> when run through the repository wrapper, else <c>~/.gatewaymesh/context.json</c>.</summary>
    public static string DefaultPath(CliEnvironment environment) =>
        environment.GetVariable(HomeVariable) is { Length: > 0 } repoRoot
            ? Path.Combine(repoRoot, ".meshctl", "context.json")
            : Path.Combine(environment.HomeDirectory, ".gatewaymesh", "context.json");

    /// <summary>Reads the file, or returns null when it does not exist.</summary>
    public static ContextFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var context = JsonSerializer.Deserialize<ContextFile>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
            return context with { TokenFile = ResolveTokenFile(path, context.TokenFile) };
        }
        catch (JsonException ex)
        {
            throw new CliException($"cannot read the context file {path}: {ex.Message}");
        }
    }

    /// <summary>Writes the file owner-only, creating its directory.</summary>
    public void Write(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string? ResolveTokenFile(string contextPath, string? tokenFile) =>
        string.IsNullOrEmpty(tokenFile)
            ? null
            : Path.GetFullPath(tokenFile, Path.GetDirectoryName(Path.GetFullPath(contextPath))!);
}
