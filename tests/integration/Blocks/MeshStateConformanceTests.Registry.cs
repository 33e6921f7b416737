using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The service registry part of the contract: leases on the injected clock.</summary>
public abstract partial class MeshStateConformanceTests
{
    protected IServiceRegistry Registry => Mesh.Registry;

    [Fact]
    public async Task RegisterAsync_NewInstance_LeaseEndsAfterDefaultLease()
    {
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.Equal(new InstanceLease(TestData.Instance("reviews", "r1"), TestData.Start + IServiceRegistry.DefaultLease, 1), lease);
        Time.Advance(IServiceRegistry.DefaultLease - TimeSpan.FromMilliseconds(1));
        Assert.Single(await Registry.ListAsync());
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Registry.ListAsync());
    }

    [Fact]
    public async Task RegisterAsync_CustomLease_ExpiresAtNowPlusLease()
    {
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"), TimeSpan.FromSeconds(3));

        Assert.Equal(TestData.Start.AddSeconds(3), lease.ExpiresAt);
    }

    [Fact]
    public async Task RegisterAsync_IdenticalInstance_RenewsLeaseWithoutRevision()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        Time.Advance(TimeSpan.FromSeconds(5));

        var renewed = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.Equal(1, renewed.Revision);
        Assert.Equal(TestData.Start.AddSeconds(15), renewed.ExpiresAt);
        Assert.Equal(1, await Mesh.Reader.GetRevisionAsync());
        Time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal([renewed], await Registry.ListAsync());
    }

    [Fact]
    public async Task RegisterAsync_ChangedInstance_WritesNextRevision()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        var changed = await Registry.RegisterAsync(TestData.Instance("reviews", "r1", port: 9090));

        Assert.Equal(2, changed.Revision);
        Assert.Equal(9090, Assert.Single(await Registry.ListAsync()).Instance.Port);
    }

    [Fact]
    public async Task HeartbeatAsync_LiveInstance_RenewsItsLeaseWithoutRevision()
    {
        var registered = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"), TimeSpan.FromSeconds(4));
        Time.Advance(TimeSpan.FromSeconds(3));

        var renewed = await Registry.HeartbeatAsync(registered.Instance.Key);

        Assert.Equal(registered with { ExpiresAt = TestData.Start.AddSeconds(7) }, renewed);
        Assert.Equal(1, await Mesh.Reader.GetRevisionAsync());
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Single(await Registry.ListAsync());
        Assert.Equal(0, await Registry.ExpireLeasesAsync(WriterFence.Sole));
    }

    [Fact]
    public async Task HeartbeatAsync_UnknownInstance_ReturnsNull()
    {
        Assert.Null(await Registry.HeartbeatAsync(new InstanceKey("default", "reviews", "nope")));
    }

    [Fact]
    public async Task HeartbeatAsync_AfterLeaseEnded_ReturnsNull()
    {
        var registered = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        Time.Advance(IServiceRegistry.DefaultLease);

        Assert.Null(await Registry.HeartbeatAsync(registered.Instance.Key));
        Assert.Empty(await Registry.ListAsync());
    }

    [Fact]
    public async Task ListAsync_WithFilters_ReturnsLiveInstancesOrderedByKey()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "r2"));
        await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await Registry.RegisterAsync(TestData.Instance("ratings", "x1"));
        await Registry.RegisterAsync(TestData.Instance("reviews", "o1", ns: "other"));
        await Registry.RegisterAsync(TestData.Instance("reviews", "short"), TimeSpan.FromSeconds(1));
        Time.Advance(TimeSpan.FromSeconds(1));

        static string[] Keys(IReadOnlyList<InstanceLease> items) => items.Select(l => l.Instance.Key.ToString()).ToArray();
        Assert.Equal(["default/ratings/x1", "default/reviews/r1", "default/reviews/r2", "other/reviews/o1"], Keys(await Registry.ListAsync()));
        Assert.Equal(["default/reviews/r1", "default/reviews/r2", "other/reviews/o1"], Keys(await Registry.ListAsync(service: "reviews")));
        Assert.Equal(["default/reviews/r1", "default/reviews/r2"], Keys(await Registry.ListAsync("reviews", "default")));
        Assert.Equal(["other/reviews/o1"], Keys(await Registry.ListAsync(@namespace: "other")));
    }

    [Fact]
    public async Task ExpireLeasesAsync_EndedLeases_RemovedEachWithDeleteNotice()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "short"), TimeSpan.FromSeconds(5));
        var kept = await Registry.RegisterAsync(TestData.Instance("reviews", "long"), TimeSpan.FromSeconds(20));
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);
        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await Registry.ExpireLeasesAsync(WriterFence.Sole));

        Assert.Equal(new ChangeNotice(3, ChangeKind.InstanceDelete, "default/reviews/short", null), await notices.NextAsync());
        var snapshot = await Mesh.Reader.LoadSnapshotAsync();
        Assert.Equal(3, snapshot.Revision);
        Assert.Equal([kept.Instance.Key], snapshot.Instances.Keys);
        Assert.Equal(0, await Registry.ExpireLeasesAsync(WriterFence.Sole));
        Assert.Equal(3, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task ExpireLeasesAsync_TokenBelowOneThatWrote_FencedAndRemovesNothing()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "short"), TimeSpan.FromSeconds(5));
        Assert.Equal(0, await Registry.ExpireLeasesAsync(new WriterFence(7)));
        Time.Advance(TimeSpan.FromSeconds(10));

        var fenced = await Assert.ThrowsAsync<FencedWriteException>(async () => await Registry.ExpireLeasesAsync(new WriterFence(6)));
        var graceFenced = await Assert.ThrowsAsync<FencedWriteException>(async () => await Registry.GraceLeasesAsync(new WriterFence(6)));

        Assert.Equal((6, 7), (fenced.Token, fenced.Highest));
        Assert.Equal(7, graceFenced.Highest);
        Assert.Single((await Mesh.Reader.LoadSnapshotAsync()).Instances);
        Assert.Equal(1, await Registry.ExpireLeasesAsync(new WriterFence(8)));
        await Assert.ThrowsAsync<FencedWriteException>(async () => await Registry.ExpireLeasesAsync(new WriterFence(7)));
    }

    [Fact]
    public async Task GraceLeasesAsync_EndedAndShortLeases_EachExtendedToItsLengthWithoutRevision()
    {
        await Registry.RegisterAsync(TestData.Instance("reviews", "ended"), TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(10));
        await Registry.RegisterAsync(TestData.Instance("reviews", "long"), TimeSpan.FromSeconds(60));
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);

        Assert.Equal(1, await Registry.GraceLeasesAsync(WriterFence.Sole));

        var leases = (await Registry.ListAsync()).ToDictionary(l => l.Instance.InstanceId, l => l.ExpiresAt);
        Assert.Equal(TestData.Start + TimeSpan.FromSeconds(15), leases["ended"]);
        Assert.Equal(TestData.Start + TimeSpan.FromSeconds(70), leases["long"]);
        Assert.Equal(2, await Mesh.Reader.GetRevisionAsync());
        Assert.NotNull(await Registry.HeartbeatAsync(new InstanceKey("default", "reviews", "ended")));
        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await Registry.ExpireLeasesAsync(WriterFence.Sole));
        await Registry.RegisterAsync(TestData.Instance("ratings", "r1"));
        Assert.Equal(3, (await notices.NextAsync()).Revision);
    }

    [Fact]
    public async Task DeregisterAsync_RegisteredInstance_RemovesItAtNextRevision()
    {
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.True(await Registry.DeregisterAsync(lease.Instance.Key));

        Assert.Empty(await Registry.ListAsync());
        Assert.Null(await Registry.HeartbeatAsync(lease.Instance.Key));
        Assert.Equal(2, await Mesh.Reader.GetRevisionAsync());
        Assert.Equal(0, await Registry.ExpireLeasesAsync(WriterFence.Sole));
    }

    [Fact]
    public async Task DeregisterAsync_UnknownInstance_ReturnsFalseWithoutRevision()
    {
        Assert.False(await Registry.DeregisterAsync(new InstanceKey("default", "reviews", "nope")));

        Assert.Equal(0, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task RegisterAsync_NonPositiveLease_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Registry.RegisterAsync(TestData.Instance("reviews", "r1"), TimeSpan.Zero));
    }
}
