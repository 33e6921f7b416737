using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// One subscription: a loop drains its ordered message queue into the handler. The handler's calls, messages and
/// the resubscribed callback alike, take turns, so the handler never runs twice at once. After a failover the
/// subscription can bind again (<see cref="RebindAsync"/>): it subscribes anew, wherever the client now places the
/// channel, the loop moves to the new queue, and the handler resyncs.
/// </summary>
internal sealed class RedisSubscription : IAsyncDisposable
{
    private readonly RedisChannel _channel;
    private readonly ISubscriber _subscriber;
    private readonly PubSubHandler _handler;
    private readonly Action<RedisSubscription> _onDispose;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _rebinding = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile ChannelMessageQueue _queue;

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
    /// Subscribes again (the old queue is released) until the subscription sits, connected, on the node that owns the
    /// channel now (the client may learn of a promotion only a moment after the first sign of a failover), then
    /// resyncs through the resubscribed callback.
    /// </summary>
    public async Task RebindAsync()
    {
        try
        {
            await _rebinding.WaitAsync(_stop.Token);
            try
            {
                for (var attempt = 1; attempt <= MaxRebindAttempts; attempt++)
                {
                    // the client shares one server-side subscription among a channel's queues, so the old one goes first:
                    // only then does subscribing again send a new (S)SUBSCRIBE, to whichever node owns the channel now
                    await UnsubscribeQuietlyAsync(_queue);
                    _queue = await _subscriber.SubscribeAsync(_channel);
                    if (await IsBoundToOwnerAsync())
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)), _stop.Token);
                }
            }
            finally
            {
                _rebinding.Release();
            }

            await NotifyResubscribedAsync();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed meanwhile
        }
        catch (RedisException ex)
        {
            BlocksLog.ResubscribedCallbackFailed(_logger, Topic, ex); // the next topology change or restore tries again
        }
    }

    private const int MaxRebindAttempts = 60;

    private async Task<bool> IsBoundToOwnerAsync()
    {
        try
        {
            var owner = await _subscriber.IdentifyEndpointAsync(_channel);
            return _subscriber.IsConnected(_channel) && Equals(owner, _subscriber.SubscribedEndpoint(_channel));
        }
        catch (RedisException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _onDispose(this);
        await _stop.CancelAsync();
        await UnsubscribeQuietlyAsync(_queue);
        await _loop;
    }

    private static async Task UnsubscribeQuietlyAsync(ChannelMessageQueue queue)
    {
        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (RedisException)
        {
            // disconnected: the server dropped the subscription with the connection, and it is not restored
        }
    }

    /// <summary>Drains the current queue; when a rebind completes it, moves on to the new one.</summary>
    private async Task DeliverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var queue = _queue;
                await DrainAsync(queue);
                await _rebinding.WaitAsync(_stop.Token); // a rebind that completed this queue has set the next one
                _rebinding.Release();
                if (ReferenceEquals(queue, _queue))
                {
                    return; // completed without a rebind: unsubscribed for good
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    private async Task DrainAsync(ChannelMessageQueue queue)
    {
        await foreach (var message in queue.WithCancellation(_stop.Token))
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
}
