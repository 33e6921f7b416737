namespace GatewayMesh.Cli.Local.Processes;

/// <summary>The <c>dotnet</c> executable that builds and runs the mesh's services.</summary>
internal static class DotnetHost
{
    private static readonly string[] KnownLocations = ["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet"];

    /// <summary>The host running meshctl itself when it is <c>dotnet</c>, else <c>DOTNET_HOST_PATH</c>, PATH, known folders.</summary>
    public static string Find(CliEnvironment environment)
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (environment.GetVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return ExecutableFinder.Find("dotnet", environment)
            ?? KnownLocations.FirstOrDefault(File.Exists)
            ?? throw new CliException("cannot find the dotnet executable", ["install the .NET 10 SDK, or put dotnet on PATH"]);
    }
}
