using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The config store in Redis: reads are HGET/HGETALL, every write is one Lua script (check, INCR, HSET, PUBLISH), run
/// within the connection's <see cref="RedisMeshStateOptions.WriteTimeout"/> when it has one (<see cref="DeadlineWrites"/>).
/// </summary>
public sealed class RedisConfigStore(RedisMeshConnection connection, IPubSub pubSub, ILogger<RedisConfigStore>? logger = null, TimeProvider? time = null) : IConfigStore
{
    private static readonly string PutKind = ChangeNoticeJson.KindName(ChangeKind.ConfigPut);
    private static readonly string DeleteKind = ChangeNoticeJson.KindName(ChangeKind.ConfigDelete);

    private readonly RedisKeys _keys = connection.Keys;
    private readonly ILogger _logger = logger ?? NullLogger<RedisConfigStore>.Instance;
    private readonly DeadlineWrites _writes = new(connection, time ?? TimeProvider.System);

    public async ValueTask<ConfigResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var json = await db.HashGetAsync(_keys.Configs, StoreKeys.Of(key)).WaitAsync(cancellationToken);
        return json.IsNull ? null : MeshJson.DeserializeResource(json.ToString());
    }

    public async ValueTask<IReadOnlyList<ConfigResource>> ListAsync(string? kind = null, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var entries = await db.HashGetAllAsync(_keys.Configs).WaitAsync(cancellationToken);
        return RedisEntries.Configs(entries)
            .Where(pair => (kind is null || pair.Key.Kind == kind) && (@namespace is null || pair.Key.Namespace == @namespace))
            .OrderBy(pair => pair.Key)
            .Select(pair => pair.Value)
            .ToList();
    }

    public async ValueTask<ConfigResource> PutAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default) =>
        (await PutWithOutcomeAsync(resource, mode, cancellationToken)).Resource;

    public async ValueTask<ConfigPutResult> PutWithOutcomeAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default)
    {
        var key = resource.Key;
        var field = StoreKeys.Of(key);
        var json = VersionedJson.Of(resource);
        var expected = resource.Metadata.ResourceVersion ?? "";
        var result = await _writes.RunAsync(
            ConfigScripts.Put,
            [_keys.Revision, _keys.Configs, _keys.ConfigVersions],
            [field, json.Head, json.Tail, expected, mode.ToString().ToLowerInvariant(), _keys.ChangesChannel, PutKind],
            cancellationToken);
        var version = result[1].ToString();
        var outcome = result[0].ToString() switch
        {
            "created" => ConfigPutOutcome.Created,
            "configured" => ConfigPutOutcome.Configured,
            "unchanged" => ConfigPutOutcome.Unchanged,
            "exists" => throw ConfigWriteErrors.AlreadyExists(key),
            "missing" => throw ConfigWriteErrors.NotFound(key),
            "conflict" => throw ConfigWriteErrors.VersionMismatch(key, expected, version.Length == 0 ? null : version),
            var other => throw new InvalidOperationException($"unexpected config put result '{other}'"),
        };
        if (outcome != ConfigPutOutcome.Unchanged)
        {
            var revision = (long)result[1];
            BlocksLog.ConfigPut(_logger, field, outcome, revision);
        }

        return new ConfigPutResult(resource.WithResourceVersion(version), outcome);
    }

    public async ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken = default)
    {
        var arguments = new RedisValue[2 + (resources.Count * 4)];
        arguments[0] = _keys.ChangesChannel;
        arguments[1] = PutKind;
        for (var i = 0; i < resources.Count; i++)
        {
            var json = VersionedJson.Of(resources[i]);
            arguments[2 + (i * 4)] = StoreKeys.Of(resources[i].Key);
            arguments[3 + (i * 4)] = json.Head;
            arguments[4 + (i * 4)] = json.Tail;
            arguments[5 + (i * 4)] = resources[i].Metadata.ResourceVersion ?? "";
        }

        var result = await _writes.RunAsync(ConfigScripts.Apply, [_keys.Revision, _keys.Configs, _keys.ConfigVersions], arguments, cancellationToken);
        if (result.Length == 3 && result[0].ToString() == "conflict")
        {
            var key = resources.First(r => StoreKeys.Of(r.Key) == result[1].ToString());
            var stored = result[2].ToString();
            throw ConfigWriteErrors.VersionMismatch(key.Key, key.Metadata.ResourceVersion!, stored.Length == 0 ? null : stored);
        }

        var results = new List<ConfigPutResult>(resources.Count);
        for (var i = 0; i < resources.Count; i++)
        {
            var version = result[(i * 2) + 1].ToString();
            var outcome = result[i * 2].ToString() switch
            {
                "created" => ConfigPutOutcome.Created,
                "configured" => ConfigPutOutcome.Configured,
                _ => ConfigPutOutcome.Unchanged,
            };
            if (outcome != ConfigPutOutcome.Unchanged && _logger.IsEnabled(LogLevel.Debug))
            {
                var field = StoreKeys.Of(resources[i].Key);
                var revision = long.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
                BlocksLog.ConfigPut(_logger, field, outcome, revision);
            }

            results.Add(new ConfigPutResult(resources[i].WithResourceVersion(version), outcome));
        }

        return results;
    }

    public async ValueTask<bool> DeleteAsync(ResourceKey key, string? expectedResourceVersion = null, CancellationToken cancellationToken = default)
    {
        var field = StoreKeys.Of(key);
        var result = await _writes.RunAsync(
            ConfigScripts.Delete,
            [_keys.Revision, _keys.Configs, _keys.ConfigVersions],
            [field, expectedResourceVersion ?? "", _keys.ChangesChannel, DeleteKind],
            cancellationToken);
        switch (result[0].ToString())
        {
            case "missing":
                return false;
            case "conflict":
                throw ConfigWriteErrors.VersionMismatch(key, expectedResourceVersion!, result[1].ToString());
            default:
                BlocksLog.ConfigDeleted(_logger, field, (long)result[1]);
                return true;
        }
    }

    public IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken) =>
        ChangeFeed.WatchAsync(pubSub, ChangeNoticeJson.IsConfigKind, cancellationToken);
}
