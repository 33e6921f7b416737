namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The ACL rules of the mesh's Redis users (see docs/redis-layout.md): <c>registry</c> writes (everything but admin and
/// dangerous commands) on keys and channels under the prefix; <c>proxy</c> only reads (reads, MULTI/EXEC of reads,
/// SUBSCRIBE); <c>default</c> keeps every right behind a password, because Redis 7.0 replays the append-only file's
/// transactions as the default user.
/// </summary>
public static class RedisAclRules
{
    /// <summary>Every key and channel of the mesh: the hash-tagged layout (<c>{gatewaymesh}:</c>, docs/redis-layout.md).</summary>
    public const string KeyPattern = "{gatewaymesh}:*";

    /// <summary>The layout before hash tags, which only the registry touches: it renames those keys once.</summary>
    public const string LegacyKeyPattern = "gatewaymesh:*";

    /// <summary>The only keys proxies may write: shared quota counters (redisquota, global rate limits).</summary>
    public const string QuotaKeyPattern = "gatewaymesh:quota:*";

    // The quota scripts by SHA and the commands they run; key permissions confine every write to the quota keys.
    private const string QuotaScripts = "+evalsha +script|load +hset +hincrby +hdel +pexpire";

    // What StackExchange.Redis asks while connecting; refused, it still connects but logs and guesses.
    private const string ClientLookAround = "+info +config|get +cluster|nodes";

    public static string Registry { get; } = $"resetkeys ~{KeyPattern} ~{LegacyKeyPattern} resetchannels &{KeyPattern} +@all -@admin -@dangerous {ClientLookAround}";

    public static string Proxy { get; } =
        $"resetkeys %R~{KeyPattern} ~{QuotaKeyPattern} resetchannels &{KeyPattern} -@all +@read +@connection +@transaction -@dangerous +subscribe +unsubscribe +ssubscribe +sunsubscribe {QuotaScripts} {ClientLookAround}";

    public static string Default { get; } = "~* &* +@all";
}
