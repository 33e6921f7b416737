using System.Threading.Channels;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Discovery;

/// <summary>
/// Kubernetes is the source of truth for instances in this mode: Services, Endpoints (or EndpointSlices) and Pods are
/// mirrored, and after every change the registry's instances are made to match (register what is new or changed,
/// deregister what is gone), replacing sidecar heartbeats. Instances carry a one-day lease that this loop renews every
/// hour, so they outlive a leaderless hour but not a dead control plane forever.
/// </summary>
internal sealed class ServiceInstanceSync(IKubernetes client, IServiceRegistry registry, EndpointsApiKind endpointsApi, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromDays(1);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cache = new DiscoveryCache();
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        cache.Changed += () => signal.Writer.TryWrite(true);
        var api = endpointsApi.ToString();
        Log.EndpointsApiChosen(logger, api);
        var loops = new List<Task>
        {
            new ListWatchLoop<V1Service>(DiscoverySources.Services(client), cache.Services, time, logger).RunAsync(cancellationToken),
            new ListWatchLoop<V1Pod>(DiscoverySources.Pods(client), cache.Pods, time, logger).RunAsync(cancellationToken),
            endpointsApi == EndpointsApiKind.EndpointSlices
                ? new ListWatchLoop<V1EndpointSlice>(DiscoverySources.EndpointSlices(client), cache.EndpointSlices, time, logger).RunAsync(cancellationToken)
                : new ListWatchLoop<V1Endpoints>(DiscoverySources.Endpoints(client), cache.Endpoints, time, logger).RunAsync(cancellationToken),
            ReconcileLoopAsync(cache, signal.Reader, cancellationToken),
        };
        await Task.WhenAll(loops);
    }

    private async Task ReconcileLoopAsync(DiscoveryCache cache, ChannelReader<bool> signal, CancellationToken cancellationToken)
    {
        var lastRenewal = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wake.CancelAfter(RenewEvery);
                try
                {
                    await signal.ReadAsync(wake.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // renewal tick
                }

                if (!cache.IsLoaded)
                {
                    continue;
                }

                var renew = time.GetUtcNow() - lastRenewal >= RenewEvery;
                await ReconcileAsync(cache.Desired(), renew, cancellationToken);
                if (renew)
                {
                    lastRenewal = time.GetUtcNow();
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.InstanceSyncFailed(logger, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ReconcileAsync(Dictionary<InstanceKey, ServiceInstance> desired, bool renew, CancellationToken cancellationToken)
    {
        var current = (await registry.ListAsync(cancellationToken: cancellationToken)).ToDictionary(l => l.Instance.Key, l => l.Instance);
        int registered = 0, removed = 0;
        foreach (var (key, instance) in desired)
        {
            if (!current.TryGetValue(key, out var existing) || existing != instance)
            {
                await registry.RegisterAsync(instance, Lease, cancellationToken);
                registered++;
            }
            else if (renew)
            {
                await registry.HeartbeatAsync(key, cancellationToken);
            }
        }

        foreach (var key in current.Keys.Where(k => !desired.ContainsKey(k)))
        {
            await registry.DeregisterAsync(key, cancellationToken);
            removed++;
        }

        if (registered + removed > 0)
        {
            Log.InstancesSynced(logger, registered, removed, desired.Count);
        }
    }
}
