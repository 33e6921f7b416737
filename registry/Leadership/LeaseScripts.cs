namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// Lua for the Redis leader lease. The lease is one string key with a Redis expiry (the Redis clock is the one clock
/// all replicas share), holding <c>holder token</c>. KEYS: leader, leader-epoch, fence.
/// </summary>
internal static class LeaseScripts
{
    /// <summary>
    /// ARGV: holder, lease ms. The holder renews its lease; anyone takes a free one with a new token, which is above both
    /// the epoch counter and the fence (so a store whose fence another election raised still admits it) and becomes the
    /// fence at once, so the previous leader is refused from this moment. Returns {'leading', token} or
    /// {'following', token, holder}.
    /// </summary>
    public const string Campaign = """
        local held = redis.call('GET', KEYS[1])
        if held then
            local holder, token = string.match(held, '^(.*) (%d+)$')
            if holder == ARGV[1] then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return {'leading', token}
            end
            return {'following', token or '0', holder or held}
        end
        local fence = tonumber(redis.call('GET', KEYS[3]) or '0')
        local token = redis.call('INCR', KEYS[2])
        if token <= fence then
            token = fence + 1
            redis.call('SET', KEYS[2], string.format('%d', token))
        end
        token = string.format('%d', token)
        redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. token, 'PX', ARGV[2])
        redis.call('SET', KEYS[3], token)
        return {'leading', token}
        """;

    /// <summary>ARGV: holder. Frees the lease when this holder has it, so a successor need not wait for it to run out. Returns 1 when freed.</summary>
    public const string Release = """
        local held = redis.call('GET', KEYS[1])
        if held and string.match(held, '^(.*) %d+$') == ARGV[1] then
            redis.call('DEL', KEYS[1])
            return 1
        end
        return 0
        """;
}
