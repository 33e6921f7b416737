using GatewayMesh.Core.Blocks.ConfigStore;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The multi-resource apply part of the contract: all or nothing, each write its own revision and notice.</summary>
public abstract partial class MeshStateConformanceTests
{
    [Fact]
    public async Task ApplyAsync_NewChangedAndUnchanged_EachWrittenAtItsOwnRevisionInOrder()
    {
        await Configs.PutAsync(TestData.Vs("same", label: "a"));
        await Configs.PutAsync(TestData.Vs("changed", label: "a"));
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);

        var results = await Configs.ApplyAsync([TestData.Vs("new"), TestData.Vs("same", label: "a"), TestData.Vs("changed", label: "b")]);

        Assert.Equal(
            [(ConfigPutOutcome.Created, "3"), (ConfigPutOutcome.Unchanged, "1"), (ConfigPutOutcome.Configured, "4")],
            results.Select(r => (r.Outcome, r.Resource.Metadata.ResourceVersion)));
        Assert.Equal(TestData.Vs("changed", label: "b", resourceVersion: "4"), results[2].Resource);
        Assert.Equal([(3L, "VirtualService/default/new"), (4L, "VirtualService/default/changed")], (await notices.TakeAsync(2)).Select(n => (n.Revision, n.Key)));
        Assert.Equal(4, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task ApplyAsync_OneStaleVersionAmongMany_ConflictAndNothingWritten()
    {
        var first = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));
        await Configs.PutAsync(TestData.Vs("reviews", label: "b"));

        var conflict = await Assert.ThrowsAsync<ConfigConflictException>(async () => await Configs.ApplyAsync(
            [TestData.Vs("one"), TestData.Vs("reviews", label: "c", resourceVersion: first.Metadata.ResourceVersion), TestData.Vs("two")]));

        Assert.Contains("VirtualService default/reviews", conflict.Message);
        Assert.Equal(2, await Mesh.Reader.GetRevisionAsync());
        Assert.Equal(["reviews"], (await Configs.ListAsync()).Select(r => r.Metadata.Name));
    }
}
