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
    Action<Action> onSubscribed,
    Func<CancellationToken, Task> waitUntilConnected,
    Func<ValueTask> dispose) : IAsyncDisposable
{
    public IConfigStore Configs { get; } = configs;

    public IServiceRegistry Registry { get; } = registry;

    public IPubSub PubSub { get; } = pubSub;

    public IMeshStateReader Reader { get; } = reader;

    /// <summary>Waits until the pub/sub component has at least <paramref name="count"/> active subscriptions (a watch has started).</summary>
    public async Task WaitForSubscriptionsAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onSubscribed(() =>
        {
            if (subscriptionCount() >= count)
            {
                reached.TrySetResult();
            }
        });
        if (subscriptionCount() >= count)
        {
            reached.TrySetResult();
        }

        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Completes once the component's command connection is up (at once for in-memory), e.g. after a Redis restart.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => waitUntilConnected(cancellationToken);

    public ValueTask DisposeAsync() => dispose();
}
