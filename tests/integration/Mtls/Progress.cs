namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>A counter tests can await: <see cref="WhenAtLeast"/> completes once <see cref="Increment"/> has reached the target.</summary>
public sealed class Progress
{
    private readonly Lock _lock = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment()
    {
        var count = Interlocked.Increment(ref _count);
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (count >= _waiters[i].Target)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public Task WhenAtLeast(long target)
    {
        lock (_lock)
        {
            if (Count >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }
}
