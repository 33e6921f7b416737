using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Every Redis name the mesh uses, all starting with the key prefix (see docs/redis-layout.md).
/// Pub/sub topics become channels the same way: a topic that already starts with the prefix is used as is
/// (so the default prefix gives <c>gatewaymesh:changes</c> for <see cref="ChangeNotice.Topic"/>), any other gets the prefix in front.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = string.IsNullOrEmpty(prefix) ? throw new ArgumentException("the key prefix must not be empty", nameof(prefix)) : prefix;

    /// <summary>String: the mesh revision, INCR'd by every accepted write; absent means 0.</summary>
    public RedisKey Revision => Prefix + "rev";

    /// <summary>Hash: <c>Kind/namespace/name</c> → the resource's canonical JSON, resourceVersion included.</summary>
    public RedisKey Configs => Prefix + "configs";

    /// <summary>Hash: <c>Kind/namespace/name</c> → the revision that last wrote it (writer bookkeeping).</summary>
    public RedisKey ConfigVersions => Prefix + "config-versions";

    /// <summary>Hash: <c>namespace/service/id</c> → the instance's canonical JSON.</summary>
    public RedisKey Instances => Prefix + "instances";

    /// <summary>Hash: <c>namespace/service/id</c> → the revision that last wrote the instance.</summary>
    public RedisKey InstanceRevisions => Prefix + "instance-revisions";

    /// <summary>Sorted set: <c>namespace/service/id</c> scored by lease expiry in Unix milliseconds.</summary>
    public RedisKey Leases => Prefix + "leases";

    /// <summary>Hash: <c>namespace/service/id</c> → lease length in milliseconds, which a heartbeat renews by.</summary>
    public RedisKey LeaseLengths => Prefix + "lease-ms";

    /// <summary>The prefix of quota counter keys: the only keys proxies may write (see docs/redis-layout.md).</summary>
    public string QuotaPrefix => Prefix + "quota:";

    /// <summary>Hash: one quota counter (<see cref="Quota.IQuotaCounters"/>).</summary>
    public RedisKey Quota(string counter) => QuotaPrefix + counter;

    /// <summary>String: the highest writer fencing token that wrote derived state (see <see cref="WriterFence"/>).</summary>
    public RedisKey Fence => Prefix + "fence";

    /// <summary>String with a Redis expiry: <c>holder token</c> of the registry replica that leads, while its lease lasts.</summary>
    public RedisKey Leader => Prefix + "leader";

    /// <summary>String: the last fencing token handed out by the Redis leader election, INCR'd by each new leadership.</summary>
    public RedisKey LeaderEpoch => Prefix + "leader-epoch";

    /// <summary>The channel change notices go to.</summary>
    public string ChangesChannel => Channel(ChangeNotice.Topic);

    public string Channel(string topic) => topic.StartsWith(Prefix, StringComparison.Ordinal) ? topic : Prefix + topic;
}
