namespace GatewayMesh.Core.Blocks;

/// <summary>
/// The fencing token of the one writer allowed to change derived state (lease expiry, and whatever else only the leader
/// of several registry replicas may write). Tokens only grow: each new leadership takes a higher one. A store remembers
/// the highest token that wrote and refuses a lower one with <see cref="FencedWriteException"/>, so a deposed leader
/// that still believes it leads (paused, partitioned) cannot write after its successor has.
/// </summary>
public readonly record struct WriterFence(long Token)
{
    /// <summary>The fence of a process that is the only replica by construction (in-memory state, tests).</summary>
    public static WriterFence Sole { get; } = new(1);
}

/// <summary>A write carried a fencing token lower than one the store has already seen: its writer lost leadership.</summary>
public sealed class FencedWriteException(long token, long highest)
    : Exception($"fencing token {token} is stale: the store has seen token {highest}, so another replica leads now")
{
    public long Token { get; } = token;

    public long Highest { get; } = highest;
}
