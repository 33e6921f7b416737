using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Serialization;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The change feed part of the contract: one revision counter, one notice per accepted write, in order.</summary>
public abstract partial class MeshStateConformanceTests
{
    [Fact]
    public async Task Writes_ConfigsAndInstances_ShareOneContiguousRevisionCounter()
    {
        var config = await Configs.PutAsync(TestData.Vs("reviews"));
        var instance = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        var config2 = await Configs.PutAsync(TestData.Vs("reviews", label: "b"));
        await Registry.DeregisterAsync(instance.Instance.Key);
        await Configs.DeleteAsync(config.Key);

        Assert.Equal("1", config.Metadata.ResourceVersion);
        Assert.Equal(2, instance.Revision);
        Assert.Equal("3", config2.Metadata.ResourceVersion);
        Assert.Equal(5, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task Notices_EveryAcceptedWrite_PublishedInRevisionOrderWithStoredPayload()
    {
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);

        var config = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await Registry.DeregisterAsync(lease.Instance.Key);
        await Configs.DeleteAsync(config.Key);

        Assert.Equal(
            [
                new ChangeNotice(1, ChangeKind.ConfigPut, "VirtualService/default/reviews", MeshJson.SerializeResource(config)),
                new ChangeNotice(2, ChangeKind.InstancePut, "default/reviews/r1", MeshJson.Serialize(lease.Instance)),
                new ChangeNotice(3, ChangeKind.InstanceDelete, "default/reviews/r1", null),
                new ChangeNotice(4, ChangeKind.ConfigDelete, "VirtualService/default/reviews", null),
            ],
            await notices.TakeAsync(4));
    }

    [Fact]
    public async Task Notices_ConfigPayload_DeserializesToStoredResource()
    {
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);

        var stored = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));

        var notice = await notices.NextAsync();
        Assert.Equal(stored, MeshJson.DeserializeResource(notice.Payload!));
        Assert.Equal(stored.Metadata.ResourceVersion, notice.Revision.ToString());
    }

    [Fact]
    public async Task WatchAsync_ConfigStore_YieldsOnlyConfigNotices()
    {
        using var stop = new CancellationTokenSource();
        await using var watch = Configs.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watch.MoveNextAsync().AsTask();
        await Mesh.WaitForSubscriptionsAsync(1);

        await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        var stored = await Configs.PutAsync(TestData.Vs("reviews"));

        Assert.True(await next.WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(new ChangeNotice(2, ChangeKind.ConfigPut, stored.Key.ToString(), MeshJson.SerializeResource(stored)), watch.Current);
        await Configs.DeleteAsync(stored.Key);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(new ChangeNotice(3, ChangeKind.ConfigDelete, stored.Key.ToString(), null), watch.Current);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task WatchAsync_Registry_YieldsOnlyInstanceNotices()
    {
        using var stop = new CancellationTokenSource();
        await using var watch = Registry.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watch.MoveNextAsync().AsTask();
        await Mesh.WaitForSubscriptionsAsync(1);

        await Configs.PutAsync(TestData.Vs("reviews"));
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.True(await next.WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(new ChangeNotice(2, ChangeKind.InstancePut, "default/reviews/r1", MeshJson.Serialize(lease.Instance)), watch.Current);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Notices_RenewalsAndNoOps_PublishNothing()
    {
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await Registry.HeartbeatAsync(lease.Instance.Key);
        await Registry.DeregisterAsync(new InstanceKey("default", "reviews", "nope"));
        await Configs.DeleteAsync(TestData.Vs("nope").Key);
        await Registry.ExpireLeasesAsync(WriterFence.Sole);
        await Registry.DeregisterAsync(lease.Instance.Key);

        Assert.Equal([(1L, ChangeKind.InstancePut), (2L, ChangeKind.InstanceDelete)], (await notices.TakeAsync(2)).Select(n => (n.Revision, n.Kind)));
    }
}
