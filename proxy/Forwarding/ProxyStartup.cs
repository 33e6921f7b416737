using GatewayMesh.Core.Snapshots;
using Microsoft.Extensions.Hosting;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Starts the snapshot watcher (first load from the store, else the snapshot file) and the proxy state that follows it.</summary>
internal sealed class ProxyStartup(SnapshotWatcher watcher, ProxyState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await watcher.StartAsync(cancellationToken);
        state.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        state.Dispose();
        await watcher.DisposeAsync();
    }
}
