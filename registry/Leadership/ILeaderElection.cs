using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// Which registry replica leads: only the leader writes what is not a client's own request (Kubernetes sync, lease
/// sweeps). <see cref="FencingToken"/> grows with every change of leader, so a write can carry it and a stale leader's
/// late write can be told apart. The change token fires whenever <see cref="IsLeader"/> changes.
/// </summary>
public interface ILeaderElection
{
    bool IsLeader { get; }

    long FencingToken { get; }

    IChangeToken GetChangeToken();

    Task WaitForLeadershipAsync(CancellationToken cancellationToken);
}
