using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The conformance suite against a real redis-server; each test has its own key prefix on the shared server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisMeshStateConformanceTests(RedisServerFixture redis) : MeshStateConformanceTests
{
    protected override Task<MeshStateUnderTest> CreateAsync(FakeTimeProvider time) =>
        Task.FromResult(RedisMeshStateFactory.Create(redis.ConnectionString, time, writeTimeout: TimeSpan.FromSeconds(30))); // the registry's deadline path
}

internal static class RedisMeshStateFactory
{
    public static MeshStateUnderTest Create(
        string connectionString, TimeProvider time, string? keyPrefix = null, string? user = null, string? password = null, ILoggerFactory? logging = null,
        TimeSpan? writeTimeout = null)
    {
        logging ??= NullLoggerFactory.Instance;
        var connection = new RedisMeshConnection(new RedisMeshStateOptions
        {
            ConnectionString = connectionString,
            KeyPrefix = keyPrefix ?? RedisServerFixture.NewKeyPrefix(),
            User = user,
            Password = password,
            WriteTimeout = writeTimeout,
        }, logging.CreateLogger<RedisMeshConnection>());
        var pubSub = new RedisPubSub(connection, logging.CreateLogger<RedisPubSub>());
        return new MeshStateUnderTest(
            new RedisConfigStore(connection, pubSub),
            new RedisServiceRegistry(connection, pubSub, time),
            pubSub,
            new RedisMeshStateReader(connection),
            () => pubSub.SubscriptionCount,
            handler => pubSub.Subscribed += handler,
            cancellationToken => RedisConnected.WaitAsync(connection, cancellationToken),
            connection.DisposeAsync);
    }
}
