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

    /// <summary>
    /// The fence of the derived-state writes (KEYS[6] holds the highest fencing token that wrote; ARGV[1] is the
    /// caller's). A lower token is refused with {'fenced', highest}; a higher one becomes the new highest.
    /// </summary>
    private const string FenceCheck = """
        local fence = tonumber(redis.call('GET', KEYS[6]) or '0')
        if tonumber(ARGV[1]) < fence then return {'fenced', string.format('%d', fence)} end
        if tonumber(ARGV[1]) > fence then redis.call('SET', KEYS[6], ARGV[1]) end
        """;

    /// <summary>
    /// KEYS: the five above, then fence. ARGV: fencing token, now ms, channel, notice kind. Removes every instance whose
    /// lease has ended, each at its own revision. Returns {'expired', how many} or {'fenced', highest token}.
    /// </summary>
    public const string ExpireLeases = FenceCheck + "\n" + """
        local ended = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[2])
        for _, field in ipairs(ended) do
            redis.call('HDEL', KEYS[2], field)
            redis.call('HDEL', KEYS[3], field)
            redis.call('ZREM', KEYS[4], field)
            redis.call('HDEL', KEYS[5], field)
            local rev = redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[3], '{"revision":' .. string.format('%d', rev) .. ',"kind":"' .. ARGV[4] .. '","key":' .. cjson.encode(field) .. '}')
        end
        return {'expired', #ended}
        """;

    /// <summary>
    /// KEYS: the five above, then fence. ARGV: fencing token, now ms. Moves every lease that ends sooner than one lease
    /// length from now to exactly that; no revision, no notice. Returns {'graced', how many} or {'fenced', highest token}.
    /// </summary>
    public const string GraceLeases = FenceCheck + "\n" + """
        local now = tonumber(ARGV[2])
        local leases = redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
        local extended = 0
        for i = 1, #leases, 2 do
            local field, expiry = leases[i], tonumber(leases[i + 1])
            local length = tonumber(redis.call('HGET', KEYS[5], field) or '0')
            if expiry < now + length then
                redis.call('ZADD', KEYS[4], string.format('%d', now + length), field)
                extended = extended + 1
            end
        end
        return {'graced', extended}
        """;
}
