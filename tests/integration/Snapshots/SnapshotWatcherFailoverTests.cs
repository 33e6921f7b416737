using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Blocks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Snapshots;

/// <summary>
/// The watcher across a failover to a replica that lost acknowledged writes (in memory, fake time): the store goes back
/// and reuses revision numbers, so the watcher must converge on content, not trust its revision number.
/// Regression for RedisHighAvailabilityTests.Cluster_... once ending at "Revision 2: one, r1" against a store at "Revision 2: after, later".
/// </summary>
public sealed class SnapshotWatcherFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly SnapshotWatcherOptions Options = new() { RevisionCheckInterval = TimeSpan.FromSeconds(15) };
    private readonly FakeTimeProvider _time = new(TestData.Start);
    private readonly FailoverStore _store = new(new InMemoryMeshState(), new InMemoryMeshState());
    private SnapshotWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        await new InMemoryConfigStore(_store.Primary).PutAsync(TestData.Vs("one"));
        await new InMemoryServiceRegistry(_store.Primary, _time).RegisterAsync(TestData.Instance("reviews", "r1"));
        _watcher = new SnapshotWatcher(_store, _store, Options, _time);
        await _watcher.StartAsync();
        Assert.Equal(2, _watcher.Current.Revision);
    }

    public async Task DisposeAsync() => await _watcher.DisposeAsync();

    [Fact]
    public async Task PeriodicCheck_StoreWentBackToALowerRevision_ReplacesSnapshot()
    {
        await new InMemoryConfigStore(_store.Replica).PutAsync(TestData.Vs("one")); // the replica got the first write only
        await _store.FailOverAsync(notify: false);

        var replaced = WaitForContentAsync(await ReplicaSnapshotAsync());
        _time.Advance(Options.RevisionCheckInterval);
        await replaced;
    }

    [Fact]
    public async Task Resubscribed_ReplicaEmptyThenRevisionsReused_ConvergesToTheStore()
    {
        await _store.FailOverAsync(); // the replica got nothing: an empty store, the last good snapshot is kept

        await new InMemoryConfigStore(_store.Replica).PutAsync(TestData.Vs("after"));
        await new InMemoryConfigStore(_store.Replica).PutAsync(TestData.Vs("later")); // revision 2 again, other content

        await WaitForContentAsync(await ReplicaSnapshotAsync());
    }

    [Fact]
    public async Task Resubscribed_StoreAtTheSameRevisionWithOtherContent_ReplacesSnapshot()
    {
        await new InMemoryConfigStore(_store.Replica).PutAsync(TestData.Vs("after"));
        await new InMemoryConfigStore(_store.Replica).PutAsync(TestData.Vs("later"));

        await _store.FailOverAsync();

        await WaitForContentAsync(await ReplicaSnapshotAsync());
    }

    [Fact]
    public async Task Notices_StoreWentBackThenOvertook_NextNoticeIsNotAppliedToTheStaleSnapshot()
    {
        await _store.FailOverAsync(notify: false); // no topology signal: only the notices reveal the loss
        var replica = new InMemoryConfigStore(_store.Replica);
        await replica.PutAsync(TestData.Vs("a")); // 1: not ahead of the watcher's 2
        await replica.PutAsync(TestData.Vs("b")); // 2
        await replica.PutAsync(TestData.Vs("c")); // 3: "one ahead", but of content the store no longer has

        await WaitForContentAsync(await ReplicaSnapshotAsync());
    }

    private async Task<MeshSnapshot> ReplicaSnapshotAsync() => await new InMemoryMeshStateReader(_store.Replica).LoadSnapshotAsync();

    /// <summary>Completes once the watcher holds exactly <paramref name="expected"/>, waking on its change token.</summary>
    private async Task WaitForContentAsync(MeshSnapshot expected)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = _watcher.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
            if (_watcher.Current == expected)
            {
                return;
            }

            try
            {
                await changed.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the watcher did not converge: it holds {Describe(_watcher.Current)}, the store {Describe(expected)}");
            }
        }
    }

    private static string Describe(MeshSnapshot snapshot) =>
        $"revision {snapshot.Revision}: {string.Join(", ", snapshot.Configs.Keys.Select(k => k.Name).Concat(snapshot.Instances.Keys.Select(k => k.ToString())))}";
}
