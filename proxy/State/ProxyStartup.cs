using GatewayMesh.Core.Snapshots;
using Microsoft.Extensions.Hosting;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// Starts the snapshot watcher (first load from the store, else the snapshot file) and the proxy state that follows it.
/// </summary>
internal sealed class ProxyStartup(SnapshotWatcher watcher, ProxyState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await watcher.StartAsync(cancellationToken);
        state.Start();
    }

    /// <summary>Stops following snapshots; the container disposes the watcher (its connection) after the server has drained.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        state.Dispose();
        return Task.CompletedTask;
    }
}
