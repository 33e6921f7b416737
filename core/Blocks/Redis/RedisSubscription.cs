using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// One subscription: a loop drains its ordered message queue into the handler. The handler's calls, messages and
/// the resubscribed callback alike, take turns, so the handler never runs twice at once.
/// </summary>
internal sealed class RedisSubscription : IAsyncDisposable
{
    private readonly ChannelMessageQueue _queue;
    private readonly ISubscriber _subscriber;
    private readonly PubSubHandler _handler;
    private readonly Action<RedisSubscription> _onDispose;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RedisSubscription(string topic, ChannelMessageQueue queue, ISubscriber subscriber, PubSubHandler handler, Action<RedisSubscription> onDispose, ILogger logger)
    {
        Topic = topic;
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
