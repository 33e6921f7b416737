using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The service registry in Redis. Writes are Lua scripts given "now" from the injected <see cref="TimeProvider"/>;
/// listing reads instances, leases and revisions in one MULTI/EXEC and drops instances whose lease has ended.
/// </summary>
public sealed class RedisServiceRegistry(RedisMeshConnection connection, IPubSub pubSub, TimeProvider time, ILogger<RedisServiceRegistry>? logger = null)
    : IServiceRegistry
{
    private static readonly string PutKind = ChangeNoticeJson.KindName(ChangeKind.InstancePut);
    private static readonly string DeleteKind = ChangeNoticeJson.KindName(ChangeKind.InstanceDelete);

    private readonly RedisKeys _keys = connection.Keys;
    private readonly ILogger _logger = logger ?? NullLogger<RedisServiceRegistry>.Instance;

    private RedisKey[] ScriptKeys => [_keys.Revision, _keys.Instances, _keys.InstanceRevisions, _keys.Leases, _keys.LeaseLengths];

    public async ValueTask<InstanceLease> RegisterAsync(ServiceInstance instance, TimeSpan? lease = null, CancellationToken cancellationToken = default)
    {
        var field = StoreKeys.Of(instance.Key);
        var leaseMs = LeaseClock.LeaseMs(lease);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var expiresAtMs = LeaseClock.NowMs(time) + leaseMs;
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(
            connection.WriteScript(db.Multiplexer, InstanceScripts.Register),
            ScriptKeys,
            [field, BlocksJson.Serialize(instance), expiresAtMs, leaseMs, _keys.ChangesChannel, PutKind]).WaitAsync(cancellationToken))!;
        var registered = new InstanceLease(instance, LeaseClock.ToTime(expiresAtMs), (long)result[1]);
        if (result[0].ToString() != "renewed")
        {
            BlocksLog.InstanceRegistered(_logger, field, registered.Revision, registered.ExpiresAt);
        }

        return registered;
    }

    public async ValueTask<InstanceLease?> HeartbeatAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        var field = StoreKeys.Of(key);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = await db.ScriptEvaluateAsync(connection.WriteScript(db.Multiplexer, InstanceScripts.Heartbeat), ScriptKeys, [field, LeaseClock.NowMs(time)]).WaitAsync(cancellationToken);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        return new InstanceLease(BlocksJson.Deserialize<ServiceInstance>(parts[0].ToString()), LeaseClock.ToTime((long)parts[2]), (long)parts[1]);
    }

    public async ValueTask<bool> DeregisterAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        var field = StoreKeys.Of(key);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var revision = (long)await db.ScriptEvaluateAsync(connection.WriteScript(db.Multiplexer, InstanceScripts.Deregister), ScriptKeys, [field, _keys.ChangesChannel, DeleteKind]).WaitAsync(cancellationToken);
        if (revision == 0)
        {
            return false;
        }

        BlocksLog.InstanceDeregistered(_logger, field, revision);
        return true;
    }

    public async ValueTask<IReadOnlyList<InstanceLease>> ListAsync(string? service = null, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        var instances = transaction.HashGetAllAsync(_keys.Instances);
        var leases = transaction.SortedSetRangeByRankWithScoresAsync(_keys.Leases);
        var revisions = transaction.HashGetAllAsync(_keys.InstanceRevisions);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);

        var nowMs = LeaseClock.NowMs(time);
        var expiries = (await leases).ToDictionary(entry => entry.Element.ToString(), entry => (long)entry.Score);
        var revisionByField = (await revisions).ToDictionary(entry => entry.Name.ToString(), entry => (long)entry.Value);
        return RedisEntries.Instances(await instances)
            .Where(pair => (service is null || pair.Key.Service == service) && (@namespace is null || pair.Key.Namespace == @namespace))
            .Select(pair => (pair, field: pair.Key.ToString()))
            .Where(item => expiries.TryGetValue(item.field, out var expiresAtMs) && LeaseClock.IsLive(expiresAtMs, nowMs))
            .OrderBy(item => item.pair.Key)
            .Select(item => new InstanceLease(item.pair.Value, LeaseClock.ToTime(expiries[item.field]), revisionByField.GetValueOrDefault(item.field)))
            .ToList();
    }

    public async ValueTask<int> ExpireLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default)
    {
        var count = await FencedAsync(InstanceScripts.ExpireLeases, fence, [fence.Token, LeaseClock.NowMs(time), _keys.ChangesChannel, DeleteKind], cancellationToken);
        if (count > 0)
        {
            BlocksLog.LeasesExpired(_logger, count);
        }

        return count;
    }

    public ValueTask<int> GraceLeasesAsync(WriterFence fence, CancellationToken cancellationToken = default) =>
        FencedAsync(InstanceScripts.GraceLeases, fence, [fence.Token, LeaseClock.NowMs(time)], cancellationToken);

    private async ValueTask<int> FencedAsync(string script, WriterFence fence, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(connection.WriteScript(db.Multiplexer, script), [.. ScriptKeys, _keys.Fence], arguments).WaitAsync(cancellationToken))!;
        return result[0].ToString() == "fenced" ? throw new FencedWriteException(fence.Token, (long)result[1]) : (int)result[1];
    }

    public IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken) =>
        ChangeFeed.WatchAsync(pubSub, ChangeNoticeJson.IsInstanceKind, cancellationToken);
}
