using GatewayMesh.Core.Blocks.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace GatewayMesh.IntegrationTests.Blocks;

public sealed class InMemoryMeshStateConformanceTests : MeshStateConformanceTests
{
    protected override Task<MeshStateUnderTest> CreateAsync(FakeTimeProvider time)
    {
        var state = new InMemoryMeshState();
        return Task.FromResult(new MeshStateUnderTest(
            new InMemoryConfigStore(state),
            new InMemoryServiceRegistry(state, time),
            state.PubSub,
            new InMemoryMeshStateReader(state),
            () => state.PubSub.SubscriptionCount,
            handler => state.PubSub.Subscribed += handler,
            _ => Task.CompletedTask,
            () => ValueTask.CompletedTask));
    }
}
