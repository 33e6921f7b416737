using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The four building blocks of one component, sharing one mesh state, as a conformance test sees them.</summary>
public sealed class MeshStateUnderTest(
    IConfigStore configs,
    IServiceRegistry registry,
    IPubSub pubSub,
    IMeshStateReader reader,
    Func<int> subscriptionCount,
    Func<ValueTask> dispose) : IAsyncDisposable
{
    public IConfigStore Configs { get; } = configs;

    public IServiceRegistry Registry { get; } = registry;

    public IPubSub PubSub { get; } = pubSub;

    public IMeshStateReader Reader { get; } = reader;

    /// <summary>Waits until the pub/sub component has at least <paramref name="count"/> active subscriptions (a watch has started).</summary>
    public async Task WaitForSubscriptionsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (subscriptionCount() < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => dispose();
}
