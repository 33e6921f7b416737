using GatewayMesh.Core.Blocks.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>The service registry over <see cref="InMemoryMeshState"/>, with leases on the injected clock.</summary>
public sealed class InMemoryServiceRegistry(InMemoryMeshState state, TimeProvider time, ILogger<InMemoryServiceRegistry>? logger = null) : IServiceRegistry
{
    private readonly ILogger _logger = logger ?? NullLogger<InMemoryServiceRegistry>.Instance;

    public ValueTask<InstanceLease> RegisterAsync(ServiceInstance instance, TimeSpan? lease = null, CancellationToken cancellationToken = default)
    {
        var key = instance.Key;
        var keyText = StoreKeys.Of(key);
        var leaseMs = LeaseClock.LeaseMs(lease);
        var json = BlocksJson.Serialize(instance);
        lock (state.Gate)
        {
            var expiresAtMs = LeaseClock.NowMs(time) + leaseMs;
            if (state.Instances.TryGetValue(key, out var stored) && stored.Json == json)
            {
                var renewed = stored with { ExpiresAtMs = expiresAtMs, LeaseMs = leaseMs };
                state.Instances[key] = renewed;
                return ValueTask.FromResult(renewed.ToLease());
            }

            var revision = state.Commit(ChangeKind.InstancePut, keyText, json);
            var written = new StoredInstance(instance, json, revision, expiresAtMs, leaseMs);
            state.Instances[key] = written;
            var result = written.ToLease();
            BlocksLog.InstanceRegistered(_logger, keyText, revision, result.ExpiresAt);
            return ValueTask.FromResult(result);
        }
    }

    public ValueTask<InstanceLease?> HeartbeatAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Of(key);
        lock (state.Gate)
        {
            var nowMs = LeaseClock.NowMs(time);
            if (!state.Instances.TryGetValue(key, out var stored) || !LeaseClock.IsLive(stored.ExpiresAtMs, nowMs))
            {
                return ValueTask.FromResult<InstanceLease?>(null);
            }

            var renewed = stored with { ExpiresAtMs = nowMs + stored.LeaseMs };
            state.Instances[key] = renewed;
            return ValueTask.FromResult<InstanceLease?>(renewed.ToLease());
        }
    }

    public ValueTask<bool> DeregisterAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        var keyText = StoreKeys.Of(key);
        lock (state.Gate)
        {
            if (!state.Instances.Remove(key))
            {
                return ValueTask.FromResult(false);
            }

            var revision = state.Commit(ChangeKind.InstanceDelete, keyText, null);
            BlocksLog.InstanceDeregistered(_logger, keyText, revision);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<InstanceLease>> ListAsync(string? service = null, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            var nowMs = LeaseClock.NowMs(time);
            IReadOnlyList<InstanceLease> items = state.Instances.Values
                .Where(stored => LeaseClock.IsLive(stored.ExpiresAtMs, nowMs))
                .Where(stored => (service is null || stored.Instance.Service == service) && (@namespace is null || stored.Instance.Namespace == @namespace))
                .Select(stored => stored.ToLease())
                .ToList();
            return ValueTask.FromResult(items);
        }
    }

    public ValueTask<int> ExpireLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            state.CheckFence(fence);
            var nowMs = LeaseClock.NowMs(time);
            var ended = state.Instances.Where(pair => !LeaseClock.IsLive(pair.Value.ExpiresAtMs, nowMs)).Select(pair => pair.Key).ToList();
            foreach (var key in ended)
            {
                state.Instances.Remove(key);
                state.Commit(ChangeKind.InstanceDelete, key.ToString(), null);
            }

            if (ended.Count > 0)
            {
                BlocksLog.LeasesExpired(_logger, ended.Count);
            }

            return ValueTask.FromResult(ended.Count);
        }
    }

    public ValueTask<int> GraceLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            state.CheckFence(fence);
            var nowMs = LeaseClock.NowMs(time);
            var extended = state.Instances.Where(pair => pair.Value.ExpiresAtMs < nowMs + pair.Value.LeaseMs).ToList();
            foreach (var (key, stored) in extended)
            {
                state.Instances[key] = stored with { ExpiresAtMs = nowMs + stored.LeaseMs };
            }

            return ValueTask.FromResult(extended.Count);
        }
    }

    public IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken) =>
        ChangeFeed.WatchAsync(state.PubSub, ChangeNoticeJson.IsInstanceKind, cancellationToken);
}
