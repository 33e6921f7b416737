using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.State;

namespace GatewayMesh.IntegrationTests.Snapshots;

/// <summary>
/// A primary and a replica as two in-memory states, the replica holding only what a test writes to it (the writes it
/// "received"). <see cref="FailOverAsync"/> promotes the replica as a Redis failover would: reads go to it from then on,
/// and subscribers are told they were resubscribed. Subscribers hear the notices of both.
/// </summary>
internal sealed class FailoverStore : IMeshStateReader, IPubSub
{
    private readonly List<PubSubHandler> _handlers = [];
    private volatile InMemoryMeshState _serving;

    public FailoverStore(InMemoryMeshState primary, InMemoryMeshState replica)
    {
        Primary = primary;
        Replica = replica;
        _serving = primary;
    }

    public InMemoryMeshState Primary { get; }

    public InMemoryMeshState Replica { get; }

    /// <summary>The replica becomes the store; with <paramref name="notify"/>, subscribers see a resubscription.</summary>
    public async Task FailOverAsync(bool notify = true)
    {
        _serving = Replica;
        if (notify)
        {
            foreach (var handler in _handlers.ToArray())
            {
                await (handler.OnResubscribed?.Invoke(CancellationToken.None) ?? ValueTask.CompletedTask);
            }
        }
    }

    public ValueTask<MeshSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default) =>
        new InMemoryMeshStateReader(_serving).LoadSnapshotAsync(cancellationToken);

    public ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default) =>
        new InMemoryMeshStateReader(_serving).GetRevisionAsync(cancellationToken);

    public ValueTask<long> PublishAsync(string topic, string message, CancellationToken cancellationToken = default) =>
        _serving.PubSub.PublishAsync(topic, message, cancellationToken);

    public async ValueTask<IAsyncDisposable> SubscribeAsync(string topic, PubSubHandler handler, CancellationToken cancellationToken = default)
    {
        _handlers.Add(handler);
        var fromPrimary = await Primary.PubSub.SubscribeAsync(topic, handler, cancellationToken);
        var fromReplica = await Replica.PubSub.SubscribeAsync(topic, handler, cancellationToken);
        return new Both(fromPrimary, fromReplica);
    }

    private sealed class Both(IAsyncDisposable first, IAsyncDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}
