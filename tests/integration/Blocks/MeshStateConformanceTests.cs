using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>
/// The contract of the building blocks, run against every component (in-memory and Redis). A component passes
/// when every test here passes; component-specific tests live beside their component's concrete class.
/// This part covers the config store.
/// </summary>
public abstract partial class MeshStateConformanceTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    protected MeshStateUnderTest Mesh { get; private set; } = null!;

    protected IConfigStore Configs => Mesh.Configs;

    protected abstract Task<MeshStateUnderTest> CreateAsync(FakeTimeProvider time);

    public async Task InitializeAsync() => Mesh = await CreateAsync(Time);

    public async Task DisposeAsync() => await Mesh.DisposeAsync();

    [Fact]
    public async Task LoadSnapshotAsync_EmptyStore_RevisionZeroAndNothingStored()
    {
        Assert.Equal(MeshSnapshot.Empty, await Mesh.Reader.LoadSnapshotAsync());
        Assert.Equal(0, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task PutWithOutcomeAsync_NewResource_CreatedWithNextRevisionAsResourceVersion()
    {
        var result = await Configs.PutWithOutcomeAsync(TestData.Vs("reviews", label: "a"));

        Assert.Equal(ConfigPutOutcome.Created, result.Outcome);
        Assert.Equal("1", result.Resource.Metadata.ResourceVersion);
        Assert.Equal(TestData.Vs("reviews", label: "a", resourceVersion: "1"), result.Resource);
        Assert.Equal(result.Resource, await Configs.GetAsync(result.Resource.Key));
        Assert.Equal(1, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Configs.GetAsync(new ResourceKey(ResourceKinds.VirtualService, "default", "nope")));
    }

    [Fact]
    public async Task ListAsync_WithFilters_ReturnsMatchingResourcesOrderedByKey()
    {
        await Configs.PutAsync(TestData.Vs("b"));
        await Configs.PutAsync(TestData.Vs("c", ns: "other"));
        await Configs.PutAsync(TestData.Vs("a"));
        await Configs.PutAsync(TestData.Dr("a"));

        static string[] Keys(IReadOnlyList<ConfigResource> items) => items.Select(r => r.Key.ToString()).ToArray();
        Assert.Equal(
            ["DestinationRule/default/a", "VirtualService/default/a", "VirtualService/default/b", "VirtualService/other/c"],
            Keys(await Configs.ListAsync()));
        Assert.Equal(["VirtualService/default/a", "VirtualService/default/b", "VirtualService/other/c"], Keys(await Configs.ListAsync(kind: ResourceKinds.VirtualService)));
        Assert.Equal(["DestinationRule/default/a", "VirtualService/default/a", "VirtualService/default/b"], Keys(await Configs.ListAsync(@namespace: "default")));
        Assert.Equal(["VirtualService/other/c"], Keys(await Configs.ListAsync(ResourceKinds.VirtualService, "other")));
        Assert.Empty(await Configs.ListAsync(ResourceKinds.Gateway));
    }

    [Fact]
    public async Task PutAsync_CreateWhenResourceExists_ThrowsConflictAndKeepsStored()
    {
        var stored = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));

        await Assert.ThrowsAsync<ConfigConflictException>(async () => await Configs.PutAsync(TestData.Vs("reviews", label: "b"), PutMode.Create));

        Assert.Equal(stored, await Configs.GetAsync(stored.Key));
        Assert.Equal(1, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task PutAsync_ReplaceWhenResourceMissing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<ConfigNotFoundException>(async () => await Configs.PutAsync(TestData.Vs("reviews"), PutMode.Replace));

        Assert.Equal(0, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task PutWithOutcomeAsync_ReplaceWhenResourceExists_ConfiguredWithNextRevision()
    {
        await Configs.PutAsync(TestData.Vs("reviews", label: "a"), PutMode.Create);

        var result = await Configs.PutWithOutcomeAsync(TestData.Vs("reviews", label: "b"), PutMode.Replace);

        Assert.Equal(ConfigPutOutcome.Configured, result.Outcome);
        Assert.Equal(TestData.Vs("reviews", label: "b", resourceVersion: "2"), result.Resource);
    }

    [Fact]
    public async Task PutAsync_StaleResourceVersion_ThrowsConflictAndKeepsStored()
    {
        var first = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));
        var second = await Configs.PutAsync(TestData.Vs("reviews", label: "b"));

        var stale = TestData.Vs("reviews", label: "c", resourceVersion: first.Metadata.ResourceVersion);
        await Assert.ThrowsAsync<ConfigConflictException>(async () => await Configs.PutAsync(stale));

        Assert.Equal(second, await Configs.GetAsync(second.Key));
        Assert.Equal(2, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task PutAsync_CurrentResourceVersion_WritesNextRevision()
    {
        var first = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));

        var second = await Configs.PutAsync(TestData.Vs("reviews", label: "b", resourceVersion: first.Metadata.ResourceVersion), PutMode.Replace);

        Assert.Equal("2", second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PutAsync_ResourceVersionForMissingResource_ThrowsConflict()
    {
        await Assert.ThrowsAsync<ConfigConflictException>(async () => await Configs.PutAsync(TestData.Vs("reviews", resourceVersion: "5")));
        await Assert.ThrowsAsync<ConfigNotFoundException>(async () => await Configs.PutAsync(TestData.Vs("reviews", resourceVersion: "5"), PutMode.Replace));

        Assert.Null(await Configs.GetAsync(TestData.Vs("reviews").Key));
    }

    [Fact]
    public async Task PutWithOutcomeAsync_SameContent_UnchangedWithoutRevisionOrNotice()
    {
        await using var notices = await NoticeRecorder.StartAsync(Mesh.PubSub);
        var stored = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));

        var again = await Configs.PutWithOutcomeAsync(TestData.Vs("reviews", label: "a"));
        var againWithVersion = await Configs.PutWithOutcomeAsync(stored, PutMode.Replace);

        Assert.Equal(new ConfigPutResult(stored, ConfigPutOutcome.Unchanged), again);
        Assert.Equal(new ConfigPutResult(stored, ConfigPutOutcome.Unchanged), againWithVersion);
        Assert.Equal(1, await Mesh.Reader.GetRevisionAsync());
        await Configs.PutAsync(TestData.Vs("ratings"));
        Assert.Equal([1L, 2L], (await notices.TakeAsync(2)).Select(n => n.Revision));
    }

    [Fact]
    public async Task DeleteAsync_ExistingResource_RemovesItAtNextRevision()
    {
        var stored = await Configs.PutAsync(TestData.Vs("reviews"));

        Assert.True(await Configs.DeleteAsync(stored.Key));

        Assert.Null(await Configs.GetAsync(stored.Key));
        Assert.Equal(2, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task DeleteAsync_MissingResource_ReturnsFalseWithoutRevision()
    {
        Assert.False(await Configs.DeleteAsync(TestData.Vs("reviews").Key));
        Assert.False(await Configs.DeleteAsync(TestData.Vs("reviews").Key, "3"));

        Assert.Equal(0, await Mesh.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task DeleteAsync_ExpectedVersion_MustMatchStoredVersion()
    {
        var first = await Configs.PutAsync(TestData.Vs("reviews", label: "a"));
        var second = await Configs.PutAsync(TestData.Vs("reviews", label: "b"));

        await Assert.ThrowsAsync<ConfigConflictException>(async () => await Configs.DeleteAsync(first.Key, first.Metadata.ResourceVersion));
        Assert.Equal(second, await Configs.GetAsync(second.Key));

        Assert.True(await Configs.DeleteAsync(second.Key, second.Metadata.ResourceVersion));
        Assert.Null(await Configs.GetAsync(second.Key));
    }

    [Fact]
    public async Task PutAsync_KeyPartWithSlash_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Configs.PutAsync(TestData.Vs("a/b")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Configs.PutAsync(TestData.Vs("")));
    }
}
