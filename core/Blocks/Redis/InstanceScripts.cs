namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Lua for registry writes. "now" is an argument (the caller's TimeProvider), never the Redis clock, so leases follow
/// the injected clock. A lease has ended when its expiry is at or before now.
/// Every script takes KEYS: rev, instances, instance-revisions, leases, lease-ms.
/// </summary>
internal static class InstanceScripts
{
    /// <summary>
    /// ARGV: field, instance JSON, expiry ms, lease ms, channel, notice kind. Always (re)sets the lease; takes a revision
    /// and publishes only when the JSON differs from the stored one. Returns {status, revision}: created, updated, or
    /// renewed (revision = the stored one).
    /// </summary>
    public const string Register = """
        local field, json = ARGV[1], ARGV[2]
        redis.call('ZADD', KEYS[4], ARGV[3], field)
        redis.call('HSET', KEYS[5], field, ARGV[4])
        local stored = redis.call('HGET', KEYS[2], field)
        if stored == json then return {'renewed', redis.call('HGET', KEYS[3], field)} end
        local rev = string.format('%d', redis.call('INCR', KEYS[1]))
        redis.call('HSET', KEYS[2], field, json)
        redis.call('HSET', KEYS[3], field, rev)
        redis.call('PUBLISH', ARGV[5], '{"revision":' .. rev .. ',"kind":"' .. ARGV[6] .. '","key":' .. cjson.encode(field) .. ',"payload":' .. cjson.encode(json) .. '}')
        if stored then return {'updated', rev} end
        return {'created', rev}
        """;

    /// <summary>
    /// ARGV: field, now ms. Renews a live lease by its stored length; no revision, no notice.
    /// Returns {instance JSON, revision, new expiry ms}, or nil when the instance is unknown or its lease has ended.
    /// </summary>
    public const string Heartbeat = """
        local field, now = ARGV[1], tonumber(ARGV[2])
        local expiry = redis.call('ZSCORE', KEYS[4], field)
        if not expiry or tonumber(expiry) <= now then return nil end
        local renewed = string.format('%d', now + tonumber(redis.call('HGET', KEYS[5], field)))
        redis.call('ZADD', KEYS[4], renewed, field)
        return {redis.call('HGET', KEYS[2], field), redis.call('HGET', KEYS[3], field), renewed}
        """;

    /// <summary>ARGV: field, channel, notice kind. Returns the new revision, or 0 when the instance was not registered.</summary>
    public const string Deregister = """
        local field = ARGV[1]
        if redis.call('HDEL', KEYS[2], field) == 0 then return 0 end
        redis.call('HDEL', KEYS[3], field)
        redis.call('ZREM', KEYS[4], field)
        redis.call('HDEL', KEYS[5], field)
        local rev = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', ARGV[2], '{"revision":' .. string.format('%d', rev) .. ',"kind":"' .. ARGV[3] .. '","key":' .. cjson.encode(field) .. '}')
        return rev
        """;

    /// <summary>ARGV: now ms, channel, notice kind. Removes every instance whose lease has ended, each at its own revision. Returns how many.</summary>
    public const string ExpireLeases = """
        local ended = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1])
        for _, field in ipairs(ended) do
            redis.call('HDEL', KEYS[2], field)
            redis.call('HDEL', KEYS[3], field)
            redis.call('ZREM', KEYS[4], field)
            redis.call('HDEL', KEYS[5], field)
            local rev = redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[2], '{"revision":' .. string.format('%d', rev) .. ',"kind":"' .. ARGV[3] .. '","key":' .. cjson.encode(field) .. '}')
        end
        return #ended
        """;
}
