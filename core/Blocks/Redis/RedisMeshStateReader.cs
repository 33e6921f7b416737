using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The proxies' read side. A snapshot is GET rev, HGETALL configs, HGETALL instances in one MULTI/EXEC, so it is
/// exactly the state at one revision, and it needs only read commands: proxies can log in as a read-only ACL user.
/// (Not Lua: EVAL would need script permissions a read-only user should not have.)
/// </summary>
public sealed class RedisMeshStateReader(RedisMeshConnection connection) : IMeshStateReader
{
    private readonly RedisKeys _keys = connection.Keys;

    public async ValueTask<MeshSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        var revision = transaction.StringGetAsync(_keys.Revision);
        var configs = transaction.HashGetAllAsync(_keys.Configs);
        var instances = transaction.HashGetAllAsync(_keys.Instances);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);

        return new MeshSnapshot(
            (long?)await revision ?? 0,
            RedisEntries.Configs(await configs).ToValueMap(),
            RedisEntries.Instances(await instances).ToValueMap());
    }

    public async ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        return (long?)await db.StringGetAsync(_keys.Revision).WaitAsync(cancellationToken) ?? 0;
    }
}
