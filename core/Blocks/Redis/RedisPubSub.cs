using System.Collections.Concurrent;
using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Redis pub/sub. Each subscription reads its own <see cref="ChannelMessageQueue"/>, so its messages are handled one at
/// a time in the order Redis sent them. When the subscription connection is restored, every subscription's
/// <see cref="PubSubHandler.OnResubscribed"/> runs (after its SUBSCRIBE is confirmed), so its owner can resync.
/// Needs only PUBLISH (writers) or SUBSCRIBE (readers); SPUBLISH and SSUBSCRIBE where notices are sharded (a Redis
/// Cluster, <see cref="RedisMeshConnection.UsesShardedPubSub"/>). Both wait for a connected server, so that the
/// choice is made the same way as the writer's.
/// </summary>
public sealed class RedisPubSub : IPubSub
{
    private readonly RedisMeshConnection _connection;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RedisSubscription, byte> _active = new();

    public RedisPubSub(RedisMeshConnection connection, ILogger<RedisPubSub>? logger = null)
    {
        _connection = connection;
        _logger = logger ?? NullLogger<RedisPubSub>.Instance;
        connection.SubscriptionRestored += OnSubscriptionRestored;
        connection.TopologyChanged += OnTopologyChanged;
    }

    /// <summary>Raised after a subscription is added (tests wait on it rather than polling the count).</summary>
    internal event Action? Subscribed;

    /// <summary>How many subscriptions are active (tests wait on it).</summary>
    internal int SubscriptionCount => _active.Count;

    public async ValueTask<long> PublishAsync(string topic, string message, CancellationToken cancellationToken = default)
    {
        var multiplexer = await _connection.GetConnectedMultiplexerAsync(cancellationToken);
        return await multiplexer.GetSubscriber().PublishAsync(_connection.ChannelFor(multiplexer, topic), message).WaitAsync(cancellationToken);
    }

    public async ValueTask<IAsyncDisposable> SubscribeAsync(string topic, PubSubHandler handler, CancellationToken cancellationToken = default)
    {
        var multiplexer = await _connection.GetConnectedMultiplexerAsync(cancellationToken);
        var subscriber = multiplexer.GetSubscriber();
        var channel = _connection.ChannelFor(multiplexer, topic);
        var queue = await subscriber.SubscribeAsync(channel).WaitAsync(cancellationToken);
        var subscription = new RedisSubscription(topic, channel, queue, subscriber, handler, Forget, _logger);
        _active.TryAdd(subscription, 0);
        Subscribed?.Invoke();
        return subscription;
    }

    private void Forget(RedisSubscription subscription) => _active.TryRemove(subscription, out _);

    /// <summary>A failover moved nodes' roles or slots: every subscription subscribes again where its channel lives now, then resyncs.</summary>
    private void OnTopologyChanged()
    {
        foreach (var subscription in _active.Keys.ToList())
        {
            _ = subscription.RebindAsync();
        }
    }

    private void OnSubscriptionRestored()
    {
        var subscriptions = _active.Keys.ToList();
        BlocksLog.RedisResubscribed(_logger, subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            _ = subscription.NotifyResubscribedAsync();
        }
    }
}
