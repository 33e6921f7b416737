using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Bench;

/// <summary>One process's Redis building blocks, as the registry (writer) or a proxy (reader) holds them.</summary>
internal sealed class MeshConnection(string connectionString) : IAsyncDisposable
{
    private readonly RedisMeshConnection _connection = new(new RedisMeshStateOptions { ConnectionString = connectionString });

    public RedisMeshConnection Connection => _connection;

    public RedisPubSub PubSub => field ??= new RedisPubSub(_connection);

    public RedisConfigStore Configs => field ??= new RedisConfigStore(_connection, PubSub);

    public RedisServiceRegistry Registry => field ??= new RedisServiceRegistry(_connection, PubSub, TimeProvider.System);

    public RedisMeshStateReader Reader => field ??= new RedisMeshStateReader(_connection);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
