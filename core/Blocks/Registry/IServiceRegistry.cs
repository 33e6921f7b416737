namespace GatewayMesh.Core.Blocks.Registry;

/// <summary>
/// The service registry building block. Register and deregister bump the mesh revision and publish notices;
/// heartbeats only renew the lease. An instance whose lease expires is removed by <see cref="ExpireLeasesAsync"/>,
/// which the registry service (the only writer) runs periodically.
/// </summary>
public interface IServiceRegistry
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(10);

    /// <summary>Registers or re-registers an instance with a lease (default 10 s).</summary>
    ValueTask<InstanceLease> RegisterAsync(ServiceInstance instance, TimeSpan? lease = null, CancellationToken cancellationToken = default);

    /// <summary>Renews the lease; null when the instance is unknown or its lease already expired (the caller re-registers).</summary>
    ValueTask<InstanceLease?> HeartbeatAsync(InstanceKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes an instance; false when it was not registered.</summary>
    ValueTask<bool> DeregisterAsync(InstanceKey key, CancellationToken cancellationToken = default);

    /// <summary>Lists live instances, optionally of one service and namespace, ordered by key.</summary>
    ValueTask<IReadOnlyList<InstanceLease>> ListAsync(string? service = null, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>Removes every instance whose lease ended before now; each removal is a revision with a notice. Returns how many.</summary>
    ValueTask<int> ExpireLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams instance change notices from now on, in revision order.</summary>
    IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken);
}
