using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.State;

namespace GatewayMesh.IntegrationTests.Snapshots;

/// <summary>Loses the messages a test chooses, as a broken connection would, so the watcher's gap detection can be seen.</summary>
internal sealed class LossyPubSub(IPubSub inner) : IPubSub
{
    private int _received;

    /// <summary>1-based numbers of received messages to drop.</summary>
    public HashSet<int> Drop { get; } = [];

    public ValueTask<long> PublishAsync(string topic, string message, CancellationToken cancellationToken = default) =>
        inner.PublishAsync(topic, message, cancellationToken);

    public ValueTask<IAsyncDisposable> SubscribeAsync(string topic, PubSubHandler handler, CancellationToken cancellationToken = default) =>
        inner.SubscribeAsync(topic, handler with
        {
            OnMessage = (message, ct) =>
            {
                var number = Interlocked.Increment(ref _received);
                return Drop.Contains(number) ? ValueTask.CompletedTask : handler.OnMessage(message, ct);
            },
        }, cancellationToken);
}

/// <summary>A reader that can be switched off (as Redis going down) or made to report an empty store.</summary>
internal sealed class SwitchableReader(IMeshStateReader inner) : IMeshStateReader
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _revisionCalls;

    public bool Down { get; set; }

    public bool Empty { get; set; }

    public ValueTask<MeshSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default) =>
        Down ? throw new IOException("store is down") : Empty ? ValueTask.FromResult(MeshSnapshot.Empty) : inner.LoadSnapshotAsync(cancellationToken);

    public ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _revisionCalls++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _revisionCalls))
            {
                waiter.Reached.TrySetResult();
            }
        }

        return Down ? throw new IOException("store is down") : Empty ? ValueTask.FromResult(0L) : inner.GetRevisionAsync(cancellationToken);
    }

    /// <summary>Completes once the watcher has asked for the revision <paramref name="count"/> times in all.</summary>
    public Task WaitForRevisionCallsAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_revisionCalls >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, reached));
        }

        return reached.Task;
    }
}
