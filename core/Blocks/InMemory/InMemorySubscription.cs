using System.Threading.Channels;
using GatewayMesh.Core.Blocks.PubSub;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>One subscriber: a private queue drained by one loop that calls the handler for one message at a time.</summary>
internal sealed class InMemorySubscription : IAsyncDisposable
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly PubSubHandler _handler;
    private readonly Action<InMemorySubscription> _onDispose;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public InMemorySubscription(string topic, PubSubHandler handler, Action<InMemorySubscription> onDispose, ILogger logger)
    {
        Topic = topic;
        _handler = handler;
        _onDispose = onDispose;
        _logger = logger;
        _loop = Task.Run(DeliverAsync);
    }

    public string Topic { get; }

    public void Enqueue(string message) => _queue.Writer.TryWrite(message);

    public async ValueTask DisposeAsync()
    {
        _onDispose(this);
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task DeliverAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await _handler.OnMessage(message, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    BlocksLog.SubscriberFailed(_logger, Topic, ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }
}
