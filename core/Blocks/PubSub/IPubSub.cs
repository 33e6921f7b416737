namespace GatewayMesh.Core.Blocks.PubSub;

/// <summary>Callbacks for one subscription. Messages arrive one at a time, in publish order.</summary>
public sealed record PubSubHandler(
    Func<string, CancellationToken, ValueTask> OnMessage,
    Func<CancellationToken, ValueTask>? OnResubscribed = null);

/// <summary>The pub/sub building block: at-most-once, ordered per topic, no persistence (a missed message is detected by revision gaps upstream).</summary>
public interface IPubSub
{
    /// <summary>Publishes a message; returns how many subscribers received it, where the component can tell.</summary>
    ValueTask<long> PublishAsync(string topic, string message, CancellationToken cancellationToken = default);

    /// <summary>Subscribes until the returned handle is disposed. <see cref="PubSubHandler.OnResubscribed"/> runs after a lost connection is restored.</summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string topic, PubSubHandler handler, CancellationToken cancellationToken = default);
}
