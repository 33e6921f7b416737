using System.Globalization;
using GatewayMesh.Sidecar.Dapr.Errors;
using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.State;

/// <summary>
/// Dapr's <c>state.redis</c> in daprd's layout (<see cref="StateScripts"/>, <see cref="StateKeys"/>). Reads take
/// <c>HGETALL</c> (falling back to <c>GET</c> for plain string keys, as daprd does); every write is one script.
/// </summary>
public sealed class RedisStateStore(string name, StateKeys keys, Func<Task<IDatabase>> database, int? defaultTtlSeconds)
{
    public string Name { get; } = name;

    public StateKeys Keys { get; } = keys;

    public async Task<StateEntry> GetAsync(string key)
    {
        var redisKey = Keys.ToRedisKey(key);
        var db = await database();
        try
        {
            var fields = await db.HashGetAllAsync(redisKey);
            if (fields.Length == 0)
            {
                return new StateEntry(key, null, null);
            }

            byte[]? data = null;
            string? version = null;
            foreach (var field in fields)
            {
                if (field.Name == "data")
                {
                    data = field.Value;
                }
                else if (field.Name == "version")
                {
                    version = field.Value;
                }
            }

            return data is null || version is null
                ? throw DaprErrors.StateStore("ERR_STATE_GET", Name, "getting", new InvalidOperationException($"hash {redisKey} lacks the data or version field"))
                : new StateEntry(key, data, version);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            var value = await db.StringGetAsync(redisKey);
            return new StateEntry(key, value.IsNull ? null : (byte[])value!, null);
        }
        catch (RedisException ex)
        {
            throw DaprErrors.StateStore("ERR_STATE_GET", Name, "getting", ex);
        }
    }

    /// <summary>Runs the operations atomically; a stale ETag fails all of them (409), a malformed one is a 400.</summary>
    public async Task ApplyAsync(IReadOnlyList<StateOperation> operations, string errorCode)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var redisKeys = new RedisKey[operations.Count];
        var arguments = new RedisValue[operations.Count * StateScripts.ArgumentsPerOperation];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            redisKeys[i] = Keys.ToRedisKey(operation.Key);
            var a = i * StateScripts.ArgumentsPerOperation;
            arguments[a] = operation.IsDelete ? "del" : "set";
            arguments[a + 1] = ExpectedVersion(operation, errorCode);
            arguments[a + 2] = operation.Value is { } value ? (RedisValue)value : RedisValue.EmptyString;
            arguments[a + 3] = operation.Concurrency == StateConcurrency.FirstWrite ? "1" : "0";
            arguments[a + 4] = (operation.TtlSeconds ?? defaultTtlSeconds) is { } ttl ? ttl.ToString(CultureInfo.InvariantCulture) : "";
        }

        var db = await database();
        try
        {
            await db.ScriptEvaluateAsync(StateScripts.Apply, redisKeys, arguments);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("ETAG_MISMATCH", StringComparison.Ordinal))
        {
            var index = int.Parse(ex.Message.AsSpan("ETAG_MISMATCH ".Length), CultureInfo.InvariantCulture) - 1;
            throw DaprErrors.ETagMismatch(errorCode, Name, operations[index].Key);
        }
        catch (RedisException ex)
        {
            throw DaprErrors.StateStore(errorCode, Name, errorCode == "ERR_STATE_DELETE" ? "deleting" : "saving", ex);
        }
    }

    /// <summary>daprd's rule: last-write, or no ETag, checks nothing ("0"); otherwise the ETag must be the integer version.</summary>
    private string ExpectedVersion(StateOperation operation, string errorCode)
    {
        if (operation.Concurrency == StateConcurrency.LastWrite || string.IsNullOrEmpty(operation.ETag))
        {
            return "0";
        }

        return long.TryParse(operation.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version.ToString(CultureInfo.InvariantCulture)
            : throw DaprErrors.ETagInvalid(errorCode, Name, operation.ETag);
    }
}
