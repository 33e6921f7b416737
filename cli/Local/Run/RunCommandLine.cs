using GatewayMesh.Cli.Local.Workloads;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>
/// The single-app form, <c>meshctl run --app-id ID [--app-port P] [--resources-path DIR] -- COMMAND...</c>, as one
/// <see cref="RunApp"/> running in the current folder. Like the run file, every problem is reported at once (exit 2).
/// </summary>
internal sealed record RunCommandLine
{
    public string? RunFile { get; init; }

    public string? AppId { get; init; }

    public int? AppPort { get; init; }

    public string? ResourcesPath { get; init; }

    public int? DaprHttpPort { get; init; }

    public int? DaprGrpcPort { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The run file to read (a folder means its <c>dapr.yaml</c>), or null for the single-app form.</summary>
    public string? RunFilePath(string currentDirectory)
    {
        if (RunFile is not { Length: > 0 } file)
        {
            return null;
        }

        var full = Path.GetFullPath(file, currentDirectory);
        return Directory.Exists(full) ? Path.Combine(full, "dapr.yaml") : full;
    }

    public RunApp ToApp(string currentDirectory)
    {
        var errors = new List<string>();
        if (RunFile is { Length: > 0 })
        {
            errors.Add("-f: a run file names its apps itself; leave out --app-id, --app-port, --resources-path and the command");
        }

        if (AppId is not { Length: > 0 })
        {
            errors.Add("--app-id: required (or -f dapr.yaml to run a multi-app run file)");
        }
        else if (!RunFileParser.AppIdPattern().IsMatch(AppId))
        {
            errors.Add($"--app-id: '{AppId}' is not a valid app id: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (it names the app's mesh service)");
        }

        if (Command.Count == 0 && AppPort is null)
        {
            errors.Add("command: give the app's command after --, or --app-port for an app started elsewhere");
        }

        CheckPort(AppPort, "--app-port", errors);
        CheckPort(DaprHttpPort, "--dapr-http-port", errors);
        CheckPort(DaprGrpcPort, "--dapr-grpc-port", errors);
        string? resources = null;
        if (ResourcesPath is { Length: > 0 } path)
        {
            resources = Path.GetFullPath(path, currentDirectory);
            if (!Directory.Exists(resources))
            {
                errors.Add($"--resources-path: folder '{path}' does not exist (looked for {resources})");
            }
        }

        if (errors.Count > 0)
        {
            throw new RunFileException($"meshctl run: {errors.Count} error{(errors.Count == 1 ? "" : "s")}", errors);
        }

        return new RunApp
        {
            AppId = AppId!,
            AppDir = currentDirectory,
            Command = Command,
            AppPort = AppPort,
            ResourcesPath = resources,
            DaprHttpPort = DaprHttpPort,
            DaprGrpcPort = DaprGrpcPort,
        };
    }

    private static void CheckPort(int? port, string option, List<string> errors)
    {
        if (port is not null and not (>= 1 and <= 65535))
        {
            errors.Add($"{option}: {port} is not a port number (1-65535)");
        }
    }
}
