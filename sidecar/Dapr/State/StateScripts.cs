namespace GatewayMesh.Sidecar.Dapr.State;

/// <summary>
/// The Lua scripts that write state, in daprd's <c>state.redis</c> layout: each key is a hash with <c>data</c> (the value's
/// bytes) and <c>version</c> (an integer, the ETag, incremented by every write); a key saved with first-write concurrency
/// also carries <c>first-write</c>. One script runs a whole request, so its checks and writes are atomic: a transaction
/// checks every ETag before it changes anything.
/// </summary>
internal static class StateScripts
{
    /// <summary>Arguments per operation in <see cref="Apply"/>.</summary>
    public const int ArgumentsPerOperation = 5;

    /// <summary>
    /// KEYS: the state keys. ARGV, five per key: operation (<c>set</c>/<c>del</c>), expected version (<c>0</c>: none
    /// given), data, first-write (<c>1</c>/<c>0</c>), TTL in seconds (empty: leave as is; &gt;0: expire; otherwise persist).
    /// A write with a version that is not the stored one fails, unless none was given and the key was not written with
    /// first-write concurrency; a missing key or one without a version accepts any write (as daprd). A key of another
    /// type (a legacy plain string) is replaced. Returns an error reply <c>ETAG_MISMATCH &lt;index&gt;</c> or the new versions.
    /// </summary>
    public const string Apply = """
        local n = #KEYS
        for i = 1, n do
          local a = (i - 1) * 5
          local op, expected = ARGV[a + 1], ARGV[a + 2]
          local kind = redis.call('TYPE', KEYS[i]).ok
          if kind == 'hash' then
            local stored = redis.call('HGET', KEYS[i], 'version')
            if stored and stored ~= '' and stored ~= expected and expected ~= '0' then
              return redis.error_reply('ETAG_MISMATCH ' .. i)
            end
            if op == 'set' and stored and stored ~= '' and stored ~= expected and redis.call('HEXISTS', KEYS[i], 'first-write') == 1 then
              return redis.error_reply('ETAG_MISMATCH ' .. i)
            end
          end
        end
        local versions = {}
        for i = 1, n do
          local a = (i - 1) * 5
          local op, data, firstWrite, ttl = ARGV[a + 1], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
          local kind = redis.call('TYPE', KEYS[i]).ok
          if op == 'del' then
            redis.call('DEL', KEYS[i])
            versions[i] = 0
          else
            if kind ~= 'none' and kind ~= 'hash' then
              redis.call('DEL', KEYS[i])
            end
            redis.call('HSET', KEYS[i], 'data', data)
            if firstWrite == '1' then
              redis.call('HSET', KEYS[i], 'first-write', 0)
            end
            versions[i] = redis.call('HINCRBY', KEYS[i], 'version', 1)
            if ttl ~= '' then
              local seconds = tonumber(ttl)
              if seconds > 0 then
                redis.call('EXPIRE', KEYS[i], seconds)
              else
                redis.call('PERSIST', KEYS[i])
              end
            end
          end
        end
        return versions
        """;
}
