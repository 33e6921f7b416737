using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Every Redis name the mesh uses (see docs/redis-layout.md). Each one starts with the hash tag of the key prefix,
/// <c>{gatewaymesh}:</c> for the default prefix <c>gatewaymesh:</c>, so on Redis Cluster every key of one mesh lives in
/// one hash slot: the write scripts and the snapshot's MULTI/EXEC touch several keys at once, which Cluster allows only
/// within a slot. Pub/sub topics become channels the same way (<see cref="Channel"/>), so the notice channel hashes to
/// the same slot (what sharded pub/sub needs). <see cref="Legacy"/> names the layout before hash tags, for migration.
/// </summary>
public sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            throw new ArgumentException("the key prefix must not be empty", nameof(prefix));
        }

        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0 || prefix.TrimEnd(':').Length == 0)
        {
            throw new ArgumentException($"the key prefix '{prefix}' must not hold '{{' or '}}' and must not be only ':' (it becomes the hash tag)", nameof(prefix));
        }

        Prefix = prefix;
        Tag = "{" + prefix.TrimEnd(':') + "}:";
    }

    /// <summary>The configured prefix, e.g. <c>gatewaymesh:</c>.</summary>
    public string Prefix { get; }

    /// <summary>What every name starts with: the prefix as a hash tag, e.g. <c>{gatewaymesh}:</c>.</summary>
    public string Tag { get; }

    /// <summary>String: the mesh revision, INCR'd by every accepted write; absent means 0.</summary>
    public RedisKey Revision => Tag + "rev";

    /// <summary>Hash: <c>Kind/namespace/name</c> → the resource's canonical JSON, resourceVersion included.</summary>
    public RedisKey Configs => Tag + "configs";

    /// <summary>Hash: <c>Kind/namespace/name</c> → the revision that last wrote it (writer bookkeeping).</summary>
    public RedisKey ConfigVersions => Tag + "config-versions";

    /// <summary>Hash: <c>namespace/service/id</c> → the instance's canonical JSON.</summary>
    public RedisKey Instances => Tag + "instances";

    /// <summary>Hash: <c>namespace/service/id</c> → the revision that last wrote the instance.</summary>
    public RedisKey InstanceRevisions => Tag + "instance-revisions";

    /// <summary>Sorted set: <c>namespace/service/id</c> scored by lease expiry in Unix milliseconds.</summary>
    public RedisKey Leases => Tag + "leases";

    /// <summary>Hash: <c>namespace/service/id</c> → lease length in milliseconds, which a heartbeat renews by.</summary>
    public RedisKey LeaseLengths => Tag + "lease-ms";

    /// <summary>The prefix of quota counter keys: the only keys proxies may write (see docs/redis-layout.md).</summary>
    public string QuotaPrefix => Prefix + "quota:";

    /// <summary>Hash: one quota counter (<see cref="Quota.IQuotaCounters"/>).</summary>
    public RedisKey Quota(string counter) => QuotaPrefix + counter;

    /// <summary>String: the highest writer fencing token that wrote derived state (see <see cref="WriterFence"/>).</summary>
    public RedisKey Fence => Tag + "fence";

    /// <summary>String with a Redis expiry: <c>holder token</c> of the registry replica that leads, while its lease lasts.</summary>
    public RedisKey Leader => Tag + "leader";

    /// <summary>String: the last fencing token handed out by the Redis leader election, INCR'd by each new leadership.</summary>
    public RedisKey LeaderEpoch => Tag + "leader-epoch";

    /// <summary>The channel change notices go to.</summary>
    public string ChangesChannel => Channel(ChangeNotice.Topic);

    /// <summary>The mesh state keys that migrate from the layout before hash tags, in the same order as <see cref="LegacyStateKeys"/>.</summary>
    public RedisKey[] StateKeys => [Revision, Configs, ConfigVersions, Instances, InstanceRevisions, Leases, LeaseLengths, Fence];

    /// <summary>The same keys as <see cref="StateKeys"/> in the layout before hash tags (<c>gatewaymesh:rev</c>, ...).</summary>
    public RedisKey[] LegacyStateKeys =>
        [.. new[] { "rev", "configs", "config-versions", "instances", "instance-revisions", "leases", "lease-ms", "fence" }.Select(name => (RedisKey)(Prefix + name))];

    /// <summary>
    /// The channel of a topic: the tag, then the topic without the prefix when it starts with it. The default prefix maps
    /// <see cref="ChangeNotice.Topic"/> (<c>gatewaymesh:changes</c>) to <c>{gatewaymesh}:changes</c>.
    /// </summary>
    public string Channel(string topic) =>
        topic.StartsWith(Tag, StringComparison.Ordinal) ? topic
        : Tag + (topic.StartsWith(Prefix, StringComparison.Ordinal) ? topic[Prefix.Length..] : topic);
}
