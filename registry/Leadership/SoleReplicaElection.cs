using GatewayMesh.Core.Blocks;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// The election of a registry that cannot have peers: with in-memory state each process is its own mesh, so it always
/// leads, with the fixed token <see cref="WriterFence.Sole"/>.
/// </summary>
internal sealed class SoleReplicaElection : ILeaderElection
{
    public bool IsLeader => true;

    public long FencingToken => WriterFence.Sole.Token;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
