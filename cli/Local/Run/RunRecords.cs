using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>
/// The run's sidecars in the mesh's state.json, next to <c>up</c>'s processes, so <c>status</c>, <c>logs</c> and
/// <c>proxy-config</c> see them and <c>down</c> stops them too. Every change is a read-modify-write under the
/// <see cref="StateLock"/>, as the supervising <c>up</c> and <c>down</c> do theirs; nothing is written once the mesh is
/// gone or stopping.
/// </summary>
internal sealed class RunRecords(MeshPaths paths, TimeProvider time)
{
    public Task AddAsync(ProcessRecord record, CancellationToken cancellationToken) =>
        UpdateAsync(processes => [.. processes.Where(p => p.Name != record.Name), record], cancellationToken);

    /// <summary>Removes exactly these records (same name and pid): a process recorded since under the same name stays.</summary>
    public Task RemoveAsync(IReadOnlyCollection<ProcessRecord> records) =>
        UpdateAsync(processes => [.. processes.Where(p => !records.Any(r => r.Name == p.Name && r.Pid == p.Pid))], CancellationToken.None);

    /// <summary>The recorded process of that name, when it still runs.</summary>
    public static ProcessRecord? Running(MeshState state, string name) =>
        state.Processes.FirstOrDefault(p => p.Name == name && ProcessSupervisor.IsAlive(p));

    private async Task UpdateAsync(Func<IReadOnlyList<ProcessRecord>, IReadOnlyList<ProcessRecord>> change, CancellationToken cancellationToken)
    {
        using var held = await StateLock.AcquireAsync(paths, time, cancellationToken);
        if (MeshState.Load(paths.StateFile) is { Stopping: false } state)
        {
            (state with { Processes = change(state.Processes) }).Save(paths.StateFile);
        }
    }
}
