using System.CommandLine;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl down</c>: stops exactly the processes state.json records (SIGTERM, then SIGKILL after a grace period),
/// never a pid that now belongs to another program, then removes state.json. With nothing recorded it does nothing.
/// </summary>
internal static class DownCommand
{
    public static Command Create(CliApp app)
    {
        var stateDir = MeshOptions.StateDir();
        var command = new Command("down", "Stop the local mesh that meshctl up started") { stateDir };
        command.SetAction(app, context => ExecuteAsync(context, context.Get(stateDir)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string? stateDir)
    {
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        var progress = new Progress(context.Error);
        IReadOnlyList<StopResult> results = [];
        if (MeshState.Load(paths.StateFile) is { } state)
        {
            results = await new MeshStopper(paths, context.Environment.Time, progress).StopAsync(state);
            if (Directory.Exists(PrometheusTargets.Folder(paths)))
            {
                PrometheusTargets.Write(paths, null); // no proxy left to scrape
            }

            progress.Done("mesh stopped");
        }
        else
        {
            progress.Done("no mesh is running (nothing recorded in " + MeshPaths.Show(paths.StateFile, context.Environment) + ")");
        }

        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new
            {
                stopped = results.Select(r => new { name = r.Name, pid = r.Pid, outcome = r.Outcome.ToString() }),
            });
        }

        return 0;
    }
}
