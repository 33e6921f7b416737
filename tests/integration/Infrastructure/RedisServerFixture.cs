using Xunit;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// One redis-server shared by every test class in <see cref="RedisCollection"/>. Tests isolate themselves by key
/// prefix (<see cref="NewKeyPrefix"/>), never by flushing. A test that stops or restarts Redis starts its own
/// <see cref="RedisServer"/> instead.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("the Redis fixture is not started");

    public string ConnectionString => Server.ConnectionString;

    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
