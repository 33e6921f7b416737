using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Keeps <c>meshctl up</c> (without <c>--detach</c>) running until Ctrl-C or SIGTERM, and supervises every process it
/// started: one that exits on its own is started again with its own ports after a back-off
/// (<see cref="RestartBackoff"/>), its restarts counted in state.json (which <c>meshctl status</c> shows). Exits quietly
/// once <c>meshctl down</c> stopped the mesh; on Ctrl-C it stops every child and clears the state.
/// </summary>
internal sealed class ForegroundSupervision(MeshPaths paths, TimeProvider time, Progress progress)
{
    private readonly ProcessSupervisor _supervisor = new(paths, time) { DiesWithMeshctl = true };

    public async Task<int> RunAsync(MeshState state, IReadOnlyList<RunningProcess> processes, CancellationToken cancellationToken)
    {
        var loops = Task.WhenAll(processes.Select(process => SuperviseAsync(process, cancellationToken)));
        try
        {
            await loops;
            progress.Done("the mesh was stopped by meshctl down");
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Step("stopping the mesh");
            await new MeshStopper(paths, time, progress).StopAsync(MeshState.Load(paths.StateFile) ?? state);
            progress.Done("mesh stopped");
            return 0;
        }
    }

    /// <summary>Watches one process and restarts it whenever it exits, until the mesh is stopped.</summary>
    private async Task SuperviseAsync(RunningProcess running, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            await running.Handle.WaitForExitAsync(cancellationToken);
            var exit = $"exit code {running.Handle.ExitCode} at {time.GetUtcNow():O}";
            if (IsStopping())
            {
                return;
            }

            failures = RestartBackoff.Failures(failures, time.GetUtcNow() - running.Record.StartedAt);
            progress.Warn($"{running.Record.Name} (pid {running.Record.Pid}) exited ({exit}); restarting it; its log: {running.Record.LogFile}");
            if (await RestartAsync(running, exit, failures, cancellationToken) is not { } restarted)
            {
                return; // stopped meanwhile
            }

            running.Handle.Dispose();
            running = restarted;
        }
    }

    /// <summary>Starts <paramref name="exited"/> again after its back-off, retrying with a longer one until it is ready; null when the mesh is stopped first.</summary>
    private async Task<RunningProcess?> RestartAsync(RunningProcess exited, string exit, int failures, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(RestartBackoff.Delay(failures), time, cancellationToken);
            using var held = await StateLock.AcquireAsync(paths, time, cancellationToken);
            if (MeshState.Load(paths.StateFile) is not { Stopping: false } state)
            {
                return null;
            }

            try
            {
                exited.Spec.BeforeRestart?.Invoke();
                var started = await _supervisor.StartAsync(exited.Spec.WithPorts(exited.Record.Ports), cancellationToken);
                var record = started.Record with { Restarts = exited.Record.Restarts + 1, LastExit = exit };
                (state with { Processes = [.. state.Processes.Select(p => p.Name == record.Name ? record : p)] }).Save(paths.StateFile);
                progress.Done($"{record.Name} restarted (pid {record.Pid}, restart {record.Restarts})");
                return started with { Record = record };
            }
            catch (CliException ex)
            {
                failures++;
                progress.Warn($"{exited.Record.Name} did not come back: {ex.Message} {string.Join(" ", ex.Details.TakeLast(3))}; trying again in {RestartBackoff.Delay(failures).TotalSeconds:0}s");
            }
        }
    }

    private bool IsStopping() => MeshState.Load(paths.StateFile) is not { Stopping: false };
}
