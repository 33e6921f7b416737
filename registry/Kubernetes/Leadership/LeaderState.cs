using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Registry.Kubernetes.Leadership;

/// <summary>
/// The published leadership: an immutable (leader?, fencing token) pair swapped atomically, with a change token per
/// state that fires when it is replaced, and a task that completes when leadership is gained.
/// </summary>
internal sealed class LeaderState
{
    private State _current = new(false, 0);

    public bool IsLeader => Volatile.Read(ref _current).IsLeader;

    public long FencingToken => Volatile.Read(ref _current).FencingToken;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _current).Changed.Token);

    public async Task WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = Volatile.Read(ref _current);
            if (state.IsLeader)
            {
                return;
            }

            await state.Leading.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Publishes a new state; returns false (and does nothing) when it equals the current one.</summary>
    public bool Set(bool isLeader, long fencingToken)
    {
        var next = new State(isLeader, fencingToken);
        var previous = Volatile.Read(ref _current);
        if (previous.IsLeader == isLeader && previous.FencingToken == fencingToken)
        {
            return false;
        }

        Volatile.Write(ref _current, next);
        previous.Changed.Cancel();
        if (isLeader)
        {
            previous.Leading.TrySetResult();
        }

        return true;
    }

    private sealed class State(bool isLeader, long fencingToken)
    {
        public bool IsLeader { get; } = isLeader;

        public long FencingToken { get; } = fencingToken;

        public CancellationTokenSource Changed { get; } = new();

        public TaskCompletionSource Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
