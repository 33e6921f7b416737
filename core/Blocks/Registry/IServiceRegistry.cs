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

    /// <summary>
    /// Removes every instance whose lease ended before now; each removal is a revision with a notice. Returns how many.
    /// Only the leading registry replica calls it, with its <paramref name="fence"/>; a stale one throws
    /// <see cref="FencedWriteException"/> and removes nothing.
    /// </summary>
    ValueTask<int> ExpireLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends every lease to end no sooner than one lease length from now; no revision, no notice. A replica that has
    /// just become the leader calls it before its first sweep: while the registry was down no heartbeat could be
    /// accepted, so a lease that ended meanwhile says nothing about its instance. Returns how many
    /// leases were extended. Throws <see cref="FencedWriteException"/> for a stale <paramref name="fence"/>.
    /// </summary>
    ValueTask<int> GraceLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default);

    /// <summary>Streams instance change notices from now on, in revision order.</summary>
    IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken);
}
