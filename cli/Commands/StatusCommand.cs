using System.CommandLine;
using GatewayMesh.Cli.Local.Report;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl status</c>: every recorded process (pid, alive or dead, ports; for proxies role, service, version,
/// readiness and the applied revision against the store's, SYNCED or STALE) and the registry's health and revision.
/// Exits 1 when no mesh is recorded or anything is down.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliApp app)
    {
        var stateDir = MeshOptions.StateDir();
        var command = new Command("status", "Show the local mesh's processes and the registry's health and revision") { stateDir };
        command.SetAction(app, context => ExecuteAsync(context, context.Get(stateDir)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string? stateDir)
    {
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        if (MeshState.Load(paths.StateFile) is not { } state)
        {
            if (context.Output.IsMachine())
            {
                context.Output.WriteDocument(context.Out, new MeshReport(false, paths.StateFile, "stopped", null, new RegistryReport(null, "not started", null), []));
            }

            throw new CliException("no mesh is running", ["start it with ./meshctl up"]);
        }

        var report = await MeshReport.CollectAsync(paths, state, context.CancellationToken);
        MeshReportWriter.Write(context.Out, context.Output, report);
        if (!report.Running && !context.Output.IsMachine())
        {
            context.Error.WriteLine("the mesh is not fully running: ./meshctl up --restart restarts it, ./meshctl down clears it");
        }

        if (report.Components.FirstOrDefault(c => c.Sync == "STALE") is { } stale && !context.Output.IsMachine())
        {
            context.Error.WriteLine($"STALE: a proxy serves an older revision than the store; ./meshctl proxy-config routes {stale.Name} shows what it serves");
        }

        return report.Running ? 0 : 1;
    }
}
