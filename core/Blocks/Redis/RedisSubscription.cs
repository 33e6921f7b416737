using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// One subscription: a loop drains its ordered message queue into the handler. The handler's calls, messages and
/// the resubscribed callback alike, take turns, so the handler never runs twice at once. The queue lives as long as
/// the subscription: the client moves the server-side (S)SUBSCRIBE between nodes under it, so a failover never
/// leaves the queue unread. After a failover the subscription makes sure it sits on the node that owns the channel now
/// (<see cref="RebindAsync"/>), and only then resyncs through the resubscribed callback, so that a notice published
/// while it moved is covered by the resync's read.
/// </summary>
internal sealed class RedisSubscription : IAsyncDisposable
{
    private static readonly TimeSpan MaxRebindDelay = TimeSpan.FromSeconds(2);

    private readonly RedisChannel _channel;
    private readonly ISubscriber _subscriber;
    private readonly ChannelMessageQueue _queue;
    private readonly PubSubHandler _handler;
    private readonly Action<RedisSubscription> _onDispose;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _rebinding = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _rebindRequested;

    public RedisSubscription(
        string topic, RedisChannel channel, ChannelMessageQueue queue, ISubscriber subscriber, PubSubHandler handler, Action<RedisSubscription> onDispose, ILogger logger)
    {
        Topic = topic;
        _channel = channel;
        _queue = queue;
        _subscriber = subscriber;
        _handler = handler;
        _onDispose = onDispose;
        _logger = logger;
        _loop = Task.Run(DeliverAsync);
    }

    public string Topic { get; }

    /// <summary>Runs the resubscribed callback once the server has the SUBSCRIBE: a PING on the subscription connection queues behind it.</summary>
    public async Task NotifyResubscribedAsync()
    {
        if (_handler.OnResubscribed is not { } onResubscribed)
        {
            return;
        }

        try
        {
            await _subscriber.PingAsync();
            await _turn.WaitAsync(_stop.Token);
            try
            {
                await onResubscribed(_stop.Token);
            }
            finally
            {
                _turn.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed meanwhile
        }
        catch (Exception ex)
        {
            // a ping that fails means the connection dropped again; the next restore calls back again
            BlocksLog.ResubscribedCallbackFailed(_logger, Topic, ex);
        }
    }

    /// <summary>
    /// After a topology change: waits until the subscription sits, connected, on the node that owns the channel now
    /// (asking the client to learn the topology and subscribe there while it does not: the client may learn of a
    /// promotion only a while after the first sign of a failover), then resyncs through the resubscribed callback.
    /// One rebind runs at a time; a change that arrives meanwhile makes it bind and resync once more.
    /// </summary>
    public async Task RebindAsync()
    {
        Interlocked.Exchange(ref _rebindRequested, 1);
        while (!_stop.IsCancellationRequested && await _rebinding.WaitAsync(0))
        {
            try
            {
                while (Interlocked.Exchange(ref _rebindRequested, 0) == 1)
                {
                    await BindToOwnerAsync();
                    await NotifyResubscribedAsync();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return; // disposed meanwhile
            }
            catch (ObjectDisposedException)
            {
                return; // the connection was closed first: nothing is left to bind
            }
            finally
            {
                _rebinding.Release();
            }

            if (Volatile.Read(ref _rebindRequested) == 0)
            {
                return; // else a request came after the loop's last look and before the release: serve it
            }
        }
    }

    private async Task BindToOwnerAsync()
    {
        for (var attempt = 1; !await IsBoundToOwnerAsync(attempt); attempt++)
        {
            try
            {
                // learn the current topology (the client then moves its subscriptions to their slots' owners), and
                // subscribe a probe: a (S)SUBSCRIBE goes out wherever the channel is not subscribed on a live
                // connection. Dropping the probe keeps the server-side subscription, which the queue still uses.
                await _subscriber.Multiplexer.ConfigureAsync();
                var probe = await _subscriber.SubscribeAsync(_channel);
                await probe.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // the node that owns the channel is not reachable yet: look again after a pause
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(MaxRebindDelay.TotalMilliseconds, 100 * attempt)), _stop.Token);
        }
    }

    private async Task<bool> IsBoundToOwnerAsync(int attempt)
    {
        System.Net.EndPoint? owner = null;
        try
        {
            owner = await _subscriber.IdentifyEndpointAsync(_channel);
        }
        catch (RedisException)
        {
            // no node answers yet: the owner is unknown
        }

        var subscribed = _subscriber.SubscribedEndpoint(_channel);
        var connected = _subscriber.IsConnected(_channel);
        BlocksLog.RebindAttempt(_logger, Topic, attempt, owner, subscribed, connected);
        return owner is not null && connected && Equals(owner, subscribed);
    }

    public async ValueTask DisposeAsync()
    {
        _onDispose(this);
        await _stop.CancelAsync();
        try
        {
            await _queue.UnsubscribeAsync();
        }
        catch (RedisException)
        {
            // disconnected: the server dropped the subscription with the connection, and it is not restored
        }

        await _loop;
    }

    private async Task DeliverAsync()
    {
        try
        {
            await foreach (var message in _queue.WithCancellation(_stop.Token))
            {
                await _turn.WaitAsync(_stop.Token);
                try
                {
                    await _handler.OnMessage(message.Message.ToString(), _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    BlocksLog.SubscriberFailed(_logger, Topic, ex);
                }
                finally
                {
                    _turn.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }
}
