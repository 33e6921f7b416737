
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Keeps <c>meshctl up</c> (without <c>--detach</c>) running until Ctrl-C or SIGTERM, or until a child exits, then
/// stops every child it started and clears the state. Exits quietly when <c>meshctl down</c> stopped the mesh.
/// </summary>
internal sealed class ForegroundSupervision(MeshPaths paths, TimeProvider time, Progress progress)
{
    public async Task<int> RunAsync(MeshState state, IReadOnlyList<RunningProcess> processes, CancellationToken cancellationToken)
    {
        var exits = processes.ToDictionary(p => p.Handle.WaitForExitAsync(CancellationToken.None), p => p);
        var stop = Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        var first = await Task.WhenAny([.. exits.Keys, stop]);

        if (first == stop)
        {
            progress.Step("stopping the mesh");
            await StopAsync(state);
            return 0;
        }

        var exited = exits[first];
        var current = MeshState.Load(paths.StateFile);
        if (current is null || current.Stopping)
        {
            progress.Done("the mesh was stopped by meshctl down");
            return 0;
        }

        progress.Warn($"{exited.Record.Name} (pid {exited.Record.Pid}) exited unexpectedly with code {exited.Handle.ExitCode}; see {exited.Record.LogFile}");
        progress.Step("stopping the rest of the mesh");
        await StopAsync(current);
        return 1;
    }

    private async Task StopAsync(MeshState state)
    {
        await new MeshStopper(paths, time, progress).StopAsync(MeshState.Load(paths.StateFile) ?? state);
        progress.Done("mesh stopped");
    }
}
