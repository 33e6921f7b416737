
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>One recorded process and what stopping it came to.</summary>
internal sealed record StopResult(string Name, int Pid, StopOutcome Outcome);

/// <summary>Stops a recorded mesh: marks it stopping (under the <see cref="StateLock"/>), stops its processes in reverse start order, removes state.json.</summary>
internal sealed class MeshStopper(MeshPaths paths, TimeProvider time, Progress progress)
{
    public async Task<IReadOnlyList<StopResult>> StopAsync(MeshState state)
    {
        // Under the state lock, from the file as it is now: a supervising meshctl up may just have recorded a restart,
        // and it restarts nothing once the mesh is marked stopping.
        using (await StateLock.AcquireAsync(paths, time, CancellationToken.None))
        {
            state = MeshState.Load(paths.StateFile) ?? state;
            (state with { Stopping = true }).Save(paths.StateFile);
        }

        var supervisor = new ProcessSupervisor(paths, time);
        var results = new List<StopResult>();
        foreach (var process in state.Processes.Reverse())
        {
            var outcome = await supervisor.StopAsync(process);
            results.Add(new StopResult(process.Name, process.Pid, outcome));
            Report(process, outcome);
        }

        MeshState.Delete(paths.StateFile);
        return results;
    }

    private void Report(ProcessRecord process, StopOutcome outcome)
    {
        switch (outcome)
        {
            case StopOutcome.Stopped:
                progress.Done($"stopped {process.Name} (pid {process.Pid})");
                break;
            case StopOutcome.Killed:
                progress.Warn(ProcessSupervisor.KilledMessage(process));
                break;
            case StopOutcome.NotRunning:
                progress.Note($"{process.Name} (pid {process.Pid}) was not running");
                break;
            case StopOutcome.NotOurs:
                progress.Warn(
                    $"{process.Name}: pid {process.Pid} now belongs to another program ({Describe(process.Pid)}); not signalled. " +
                    $"The recorded {process.Name} is gone.");
                break;
        }
    }

    private static string Describe(int pid) => ProcFs.TryRead(pid)?.CommandLine is { Length: > 0 } commandLine
        ? commandLine.Length > 60 ? commandLine[..60] + "..." : commandLine
        : "unknown";
}
