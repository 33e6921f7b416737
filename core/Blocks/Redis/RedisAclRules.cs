namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The ACL rules of the mesh's Redis users (see docs/redis-layout.md): <c>registry</c> writes (everything but admin and
/// dangerous commands) on keys and channels under the prefix; <c>proxy</c> only reads (reads, MULTI/EXEC of reads,
/// SUBSCRIBE); <c>default</c> keeps every right behind a password, because Redis 7.0 replays the append-only file's
/// transactions as the default user.
/// </summary>
public static class RedisAclRules
{
    public const string KeyPattern = "gatewaymesh:*";

    // What StackExchange.Redis asks while connecting; refused, it still connects but logs and guesses.
    private const string ClientLookAround = "+info +config|get +cluster|nodes";

    public static string Registry { get; } = $"resetkeys ~{KeyPattern} resetchannels &{KeyPattern} +@all -@admin -@dangerous {ClientLookAround}";

    public static string Proxy { get; } = $"resetkeys ~{KeyPattern} resetchannels &{KeyPattern} -@all +@read +@connection +@transaction -@dangerous +subscribe +unsubscribe {ClientLookAround}";

    public static string Default { get; } = "~* &* +@all";
}
