namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Lua for config writes. Each script checks, takes the next revision (INCR), writes, and PUBLISHes the notice in one
/// atomic step, so notices leave Redis in revision order and a notice's revision is exactly the stored resourceVersion.
/// The client sends the resource's JSON split around its resourceVersion value (head, tail), because only the script
/// knows the new revision. Notices are built here in the MeshJson shape of <see cref="ChangeNotice"/>. Every script's
/// ARGV[1] is its deadline (<see cref="DeadlineCheck"/>).
/// </summary>
internal static class ConfigScripts
{
    /// <summary>
    /// KEYS: rev, configs, config-versions. ARGV: deadline, field, head, tail, expected version ('' = none), mode
    /// (upsert|create|replace), channel, notice kind. Returns {status, version}: status is created, configured or
    /// unchanged (version = the stored one), or exists, missing, conflict (version = stored or ''), or expired.
    /// </summary>
    public const string Put = DeadlineCheck + """
        local field, head, tail, expected, mode = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local current = redis.call('HGET', KEYS[3], field)
        if mode == 'create' and current then return {'exists', current} end
        if mode == 'replace' and not current then return {'missing', ''} end
        if expected ~= '' and expected ~= current then return {'conflict', current or ''} end
        if current and redis.call('HGET', KEYS[2], field) == head .. current .. tail then return {'unchanged', current} end
        local rev = string.format('%d', redis.call('INCR', KEYS[1]))
        local json = head .. rev .. tail
        redis.call('HSET', KEYS[2], field, json)
        redis.call('HSET', KEYS[3], field, rev)
        redis.call('PUBLISH', ARGV[7], '{"revision":' .. rev .. ',"kind":"' .. ARGV[8] .. '","key":' .. cjson.encode(field) .. ',"payload":' .. cjson.encode(json) .. '}')
        if current then return {'configured', rev} end
        return {'created', rev}
        """;

    /// <summary>
    /// KEYS: rev, configs, config-versions. ARGV: deadline, field, expected version ('' = none), channel, notice kind.
    /// Returns {status, version}: deleted (the new revision), missing, conflict (the stored version), or expired.
    /// </summary>
    public const string Delete = DeadlineCheck + """
        local field, expected = ARGV[2], ARGV[3]
        local current = redis.call('HGET', KEYS[3], field)
        if not current then return {'missing', ''} end
        if expected ~= '' and expected ~= current then return {'conflict', current} end
        redis.call('HDEL', KEYS[2], field)
        redis.call('HDEL', KEYS[3], field)
        local rev = string.format('%d', redis.call('INCR', KEYS[1]))
        redis.call('PUBLISH', ARGV[4], '{"revision":' .. rev .. ',"kind":"' .. ARGV[5] .. '","key":' .. cjson.encode(field) .. '}')
        return {'deleted', rev}
        """;

    /// <summary>
    /// KEYS: rev, configs, config-versions. ARGV: deadline, channel, notice kind, then four per resource: field, head,
    /// tail, expected version ('' = none). Checks every expected version first and returns {'conflict', field, stored or
    /// ''} without writing anything when one differs; else upserts each in order as <see cref="Put"/> does and returns
    /// {status1, version1, status2, version2, ...}; or {'expired', ''}, having written nothing.
    /// </summary>
    public const string Apply = DeadlineCheck + """
        local channel, kind = ARGV[2], ARGV[3]
        local count = (#ARGV - 3) / 4
        for i = 0, count - 1 do
            local field, expected = ARGV[4 + i * 4], ARGV[7 + i * 4]
            if expected ~= '' then
                local current = redis.call('HGET', KEYS[3], field)
                if expected ~= current then return {'conflict', field, current or ''} end
            end
        end
        local results = {}
        for i = 0, count - 1 do
            local field, head, tail = ARGV[4 + i * 4], ARGV[5 + i * 4], ARGV[6 + i * 4]
            local current = redis.call('HGET', KEYS[3], field)
            if current and redis.call('HGET', KEYS[2], field) == head .. current .. tail then
                results[#results + 1] = 'unchanged'
                results[#results + 1] = current
            else
                local rev = string.format('%d', redis.call('INCR', KEYS[1]))
                local json = head .. rev .. tail
                redis.call('HSET', KEYS[2], field, json)
                redis.call('HSET', KEYS[3], field, rev)
                redis.call('PUBLISH', channel, '{"revision":' .. rev .. ',"kind":"' .. kind .. '","key":' .. cjson.encode(field) .. ',"payload":' .. cjson.encode(json) .. '}')
                results[#results + 1] = current and 'configured' or 'created'
                results[#results + 1] = rev
            end
        end
        return results
        """;

    /// <summary>
    /// The first lines of every write script. ARGV[1] is the write's deadline in milliseconds on the server's clock ('' =
    /// none): past it the script returns {'expired', ''} before touching anything, so a write its client gave up on
    /// (still in the client's backlog, or sent to a primary that was paused) never takes effect later. Redis 7
    /// replicates a script's effects, so reading TIME before writing is allowed.
    /// </summary>
    private const string DeadlineCheck = """
        local deadline = tonumber(ARGV[1])
        if deadline then
            local now = redis.call('TIME')
            if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > deadline then return {'expired', ''} end
        end

        """;
}
