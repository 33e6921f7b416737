namespace GatewayMesh.Cli.Local.Processes;

/// <summary>Finds a program on PATH, then in the usual system folders (PATH may be minimal, e.g. under sudo or in tests).</summary>
internal static class ExecutableFinder
{
    private static readonly string[] SystemFolders = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"];

    public static string? Find(string name, CliEnvironment environment)
    {
        var path = environment.GetVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
