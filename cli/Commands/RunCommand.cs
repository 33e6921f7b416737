using System.CommandLine;
using GatewayMesh.Cli.Local;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.Run;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl run</c>, Dapr's <c>dapr run</c> on the mesh: <c>--app-id ID [--app-port P] [--resources-path DIR] -- COMMAND...</c>
/// runs one app beside its own sidecar; <c>-f dapr.yaml</c> runs every app of a Dapr multi-app run file. The sidecars
/// join the local mesh (started with <c>up --detach</c> first when none runs) and serve each app Dapr's API, its
/// ports and tokens in the app's environment. Stays in the foreground until Ctrl-C/SIGTERM (or every app exited), then
/// stops every app and sidecar it started.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Option<string?>("--run-file", "-f") { Description = "A Dapr multi-app run file (dapr.yaml), or a folder holding one" };
        var appId = new Option<string?>("--app-id", "-a") { Description = "The app's id: its mesh service, state key prefix and consumer group" };
        var appPort = new Option<int?>("--app-port", "-p") { Description = "The port the app listens on (default: a free port, given to the app as PORT and APP_PORT)" };
        var resources = new Option<string?>("--resources-path", "-d") { Description = "A folder of Dapr Component/Subscription files for this app's sidecar" };
        var httpPort = new Option<int?>("--dapr-http-port", "-H") { Description = "The Dapr HTTP API's port (default: a free port, given as DAPR_HTTP_PORT)" };
        var grpcPort = new Option<int?>("--dapr-grpc-port", "-G") { Description = "The Dapr gRPC API's port (default: a free port, given as DAPR_GRPC_PORT)" };
        var command = new Argument<string[]>("command") { Description = "The app's command line, after --", Arity = ArgumentArity.ZeroOrMore };
        var stateDir = MeshOptions.StateDir();
        var run = new Command("run", "Run apps beside their own sidecars, serving them Dapr's API, as dapr run does (-f dapr.yaml: a multi-app run file)")
        {
            file, appId, appPort, resources, httpPort, grpcPort, stateDir, command,
        };
        run.SetAction(app, context => ExecuteAsync(context, context.Get(stateDir), new RunCommandLine
        {
            RunFile = context.Get(file),
            AppId = context.Get(appId),
            AppPort = context.Get(appPort),
            ResourcesPath = context.Get(resources),
            DaprHttpPort = context.Get(httpPort),
            DaprGrpcPort = context.Get(grpcPort),
            Command = context.Get(command) ?? [],
        }));
        return run;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string? stateDir, RunCommandLine line)
    {
        var progress = new Progress(context.Error);
        var apps = ReadApps(context, line, progress);
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        var mesh = MeshState.Load(paths.StateFile);
        if (!IsUp(mesh))
        {
            progress.Step("no local mesh is running: starting one first (./meshctl up --detach)");
            var code = await UpCommand.ExecuteAsync(context, stateDir, restart: false, new UpSettings { Detach = true });
            if (code != 0 || MeshState.Load(paths.StateFile) is not { } started || !IsUp(started))
            {
                throw new CliException("the local mesh did not start; see the messages above");
            }

            mesh = started;
        }

        var dlls = await WorkloadDlls.EnsureAsync(new Builder(paths, context.Environment, progress), context.CancellationToken);
        return await new RunSession(paths, context.Environment, progress, context.Out).RunAsync(mesh!, apps, dlls, context.CancellationToken);
    }

    private static IReadOnlyList<RunApp> ReadApps(CommandContext context, RunCommandLine line, Progress progress)
    {
        if (line.RunFilePath(context.Environment.CurrentDirectory) is not { } path)
        {
            return [line.ToApp(context.Environment.CurrentDirectory)];
        }

        if (line.AppId is not null || line.AppPort is not null || line.ResourcesPath is not null || line.Command.Count > 0
            || line.DaprHttpPort is not null || line.DaprGrpcPort is not null)
        {
            _ = line.ToApp(context.Environment.CurrentDirectory); // throws, naming -f with the rest
        }

        var (apps, warnings) = RunFileParser.Read(path);
        foreach (var warning in warnings)
        {
            progress.Warn(warning);
        }

        return apps;
    }

    /// <summary>A mesh is up when up recorded it ready, nobody is stopping it, and its own processes (not sidecars) run.</summary>
    private static bool IsUp(MeshState? mesh) =>
        mesh is { ReadyAt: not null, Stopping: false, RegistryUrl: not null, Redis: not null }
        && mesh.Processes.Where(p => p.Role != "sidecar").All(ProcessSupervisor.IsAlive);
}
