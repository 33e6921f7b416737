namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Lua for quota counters (<see cref="RedisQuotaCounters"/>). Time is the caller's (ARGV), never Redis's, so tests drive it.
/// Each returns {granted, remaining, resetAtMs}. Keys get a Redis TTL (window + bucket + ARGV gc) only to collect idle
/// counters; windows themselves are computed from the given time. Scripts use HGET, HSET, HINCRBY, HGETALL, HDEL and
/// PEXPIRE on their one key, which the proxy's ACL user may do on quota keys only.
/// </summary>
internal static class QuotaScripts
{
    /// <summary>
    /// KEYS: counter hash {s = window start ms, u = used}. ARGV: max, want, windowMs, aligned (1|0), nowMs, gcMs.
    /// Fixed windows start at the first grant after the previous window ended; aligned ones at multiples of the window.
    /// </summary>
    public const string Fixed = """
        local max, want, window, aligned, now, gc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5]), tonumber(ARGV[6])
        local start = tonumber(redis.call('HGET', KEYS[1], 's'))
        local used = 0
        local wanted = aligned and (now - now % window) or nil
        if start and ((aligned and start == wanted) or (not aligned and now < start + window)) then
          used = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
        else
          start = wanted or now
          redis.call('HSET', KEYS[1], 's', string.format('%d', start), 'u', 0)
        end
        local grant = math.max(0, math.min(want, max - used))
        if grant > 0 then used = redis.call('HINCRBY', KEYS[1], 'u', grant) end
        redis.call('PEXPIRE', KEYS[1], window + gc)
        return {grant, math.max(0, max - used), start + window}
        """;

    /// <summary>
    /// KEYS: counter hash {bucket number → count}. ARGV: max, want, windowMs, bucketMs, nowMs, gcMs. Counts the buckets
    /// of the last window (dropping older ones). Granted tokens are usable until the end of the current bucket; when
    /// nothing is granted, the reset is when the oldest counted bucket leaves the window.
    /// </summary>
    public const string Rolling = """
        local max, want, window, bucket, now, gc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local current = math.floor(now / bucket)
        local count = math.max(1, math.floor(window / bucket))
        local oldest = current - count + 1
        local entries = redis.call('HGETALL', KEYS[1])
        local used, first = 0, nil
        for i = 1, #entries, 2 do
          local b = tonumber(entries[i])
          if b < oldest then
            redis.call('HDEL', KEYS[1], entries[i])
          else
            used = used + tonumber(entries[i + 1])
            if first == nil or b < first then first = b end
          end
        end
        local grant = math.max(0, math.min(want, max - used))
        if grant > 0 then
          redis.call('HINCRBY', KEYS[1], string.format('%d', current), grant)
          used = used + grant
        end
        redis.call('PEXPIRE', KEYS[1], window + bucket + gc)
        local reset = (current + 1) * bucket
        if grant == 0 then reset = ((first or current) + count) * bucket end
        return {grant, math.max(0, max - used), reset}
        """;
}
