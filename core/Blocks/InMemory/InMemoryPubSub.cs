using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>
/// In-process pub/sub. Each subscription has its own unbounded queue and one reader loop, so its messages arrive
/// one at a time in publish order. Publishing to all subscribers happens under one lock, so every subscriber sees
/// the same order. <see cref="PubSubHandler.OnResubscribed"/> never runs: there is no connection to lose.
/// </summary>
public sealed class InMemoryPubSub(ILogger<InMemoryPubSub>? logger = null) : IPubSub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<InMemorySubscription>> _topics = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<InMemoryPubSub>.Instance;

    /// <summary>Raised after a subscription is added (tests wait on it rather than polling the count).</summary>
    internal event Action? Subscribed;

    /// <summary>How many subscriptions are active, over all topics (tests wait on it).</summary>
    internal int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _topics.Values.Sum(list => list.Count);
            }
        }
    }

    public ValueTask<long> PublishAsync(string topic, string message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Publish(topic, message));
    }

    public ValueTask<IAsyncDisposable> SubscribeAsync(string topic, PubSubHandler handler, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var subscription = new InMemorySubscription(topic, handler, Remove, _logger);
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var list))
            {
                _topics[topic] = list = [];
            }

            list.Add(subscription);
        }

        Subscribed?.Invoke();
        return ValueTask.FromResult<IAsyncDisposable>(subscription);
    }

    /// <summary>Delivers a message to every current subscriber of the topic; synchronous, so callers may hold their own lock.</summary>
    internal long Publish(string topic, string message)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var list))
            {
                return 0;
            }

            foreach (var subscription in list)
            {
                subscription.Enqueue(message);
            }

            return list.Count;
        }
    }

    private void Remove(InMemorySubscription subscription)
    {
        lock (_gate)
        {
            if (_topics.TryGetValue(subscription.Topic, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _topics.Remove(subscription.Topic);
            }
        }
    }
}
