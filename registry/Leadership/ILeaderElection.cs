using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// Which registry replica writes derived state. Every replica serves reads, validation and API writes; only the leader
/// expires leases (and runs other single-writer loops such as the Kubernetes sync). A leader passes
/// <see cref="FencingToken"/> with every derived-state write, and the store refuses a token lower than one it has seen,
/// so a replica that lost leadership without noticing (paused, partitioned) cannot overwrite its successor's work.
/// </summary>
public interface ILeaderElection
{
    /// <summary>True while this replica holds the leadership and its lease has not run out locally.</summary>
    bool IsLeader { get; }

    /// <summary>The token of the current leadership while <see cref="IsLeader"/>; it only grows across leaderships. 0 otherwise.</summary>
    long FencingToken { get; }

    /// <summary>Fires when this replica gains or loses the leadership.</summary>
    IChangeToken GetChangeToken();

    /// <summary>Completes once this replica leads (at once when it already does).</summary>
    Task WaitForLeadershipAsync(CancellationToken cancellationToken);
}
