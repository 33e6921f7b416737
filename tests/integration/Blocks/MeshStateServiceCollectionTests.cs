using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

public sealed class MeshStateServiceCollectionTests
{
    [Fact]
    public async Task AddInMemoryMeshState_AllFourBlocks_ShareOneStateAndKeepAnEarlierClock()
    {
        var time = new FakeTimeProvider(TestData.Start);
        await using var provider = new ServiceCollection().AddSingleton<TimeProvider>(time).AddInMemoryMeshState().BuildServiceProvider();

        await provider.GetRequiredService<IConfigStore>().PutAsync(TestData.Vs("reviews"));
        var lease = await provider.GetRequiredService<IServiceRegistry>().RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.Equal(2, (await provider.GetRequiredService<IMeshStateReader>().LoadSnapshotAsync()).Revision);
        Assert.Same(provider.GetRequiredService<InMemoryMeshState>().PubSub, provider.GetRequiredService<IPubSub>());
        Assert.Equal(TestData.Start + IServiceRegistry.DefaultLease, lease.ExpiresAt);
    }

    [Fact]
    public async Task AddRedisMeshState_RedisUnreachable_ResolvesWithoutConnectingAndSharesOneConnection()
    {
        var options = new RedisMeshStateOptions { Endpoints = ["127.0.0.1:1"], KeyPrefix = "di-test:" };
        await using var provider = new ServiceCollection().AddRedisMeshState(options).BuildServiceProvider();

        Assert.IsType<RedisConfigStore>(provider.GetRequiredService<IConfigStore>());
        Assert.IsType<RedisServiceRegistry>(provider.GetRequiredService<IServiceRegistry>());
        Assert.IsType<RedisMeshStateReader>(provider.GetRequiredService<IMeshStateReader>());
        Assert.IsType<RedisPubSub>(provider.GetRequiredService<IPubSub>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("di-test:", provider.GetRequiredService<RedisMeshConnection>().Keys.Prefix);
    }

    [Fact]
    public void RedisMeshStateOptions_ToString_NeverShowsSecrets()
    {
        var options = new RedisMeshStateOptions { ConnectionString = "h:1,password=cs-secret", User = "proxy", Password = "pw-secret" };

        Assert.DoesNotContain("secret", options.ToString());
    }
}
