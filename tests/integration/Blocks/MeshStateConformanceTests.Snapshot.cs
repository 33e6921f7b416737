using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The reader part of the contract: a snapshot is everything stored at exactly one revision.</summary>
public abstract partial class MeshStateConformanceTests
{
    [Fact]
    public async Task LoadSnapshotAsync_AfterWrites_HoldsEverythingStoredAtCurrentRevision()
    {
        var reviews = await Configs.PutAsync(TestData.Vs("reviews"));
        var ratings = await Configs.PutAsync(TestData.Dr("ratings"));
        var r1 = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        var r2 = await Registry.RegisterAsync(TestData.Instance("reviews", "r2", version: "v2"));
        await Configs.DeleteAsync(ratings.Key);

        var snapshot = await Mesh.Reader.LoadSnapshotAsync();

        var expected = new MeshSnapshot(
            5,
            new([KeyValuePair.Create(reviews.Key, reviews)]),
            new([KeyValuePair.Create(r1.Instance.Key, r1.Instance), KeyValuePair.Create(r2.Instance.Key, r2.Instance)]));
        Assert.Equal(expected, snapshot);
    }

    [Fact]
    public async Task LoadSnapshotAsync_LeaseEndedButNotYetSwept_StillHoldsInstance()
    {
        var lease = await Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        Time.Advance(DefaultLeaseAndABit);

        Assert.Empty(await Registry.ListAsync());
        Assert.Equal([lease.Instance.Key], (await Mesh.Reader.LoadSnapshotAsync()).Instances.Keys);
    }

    [Fact]
    public async Task LoadSnapshotAsync_DuringConcurrentWrites_IsConsistentAtItsRevision()
    {
        const int writes = 60;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < writes; i++)
            {
                await Configs.PutAsync(TestData.Vs($"vs-{i:D3}"));
            }
        });

        var snapshots = new List<MeshSnapshot>();
        while (!writer.IsCompleted)
        {
            snapshots.Add(await Mesh.Reader.LoadSnapshotAsync());
        }

        await writer;
        snapshots.Add(await Mesh.Reader.LoadSnapshotAsync());
        foreach (var snapshot in snapshots)
        {
            // every write creates one resource, so a snapshot at revision N holds exactly the first N, the newest at version N
            Assert.Equal(snapshot.Revision, snapshot.Configs.Count);
            Assert.Equal(
                Enumerable.Range(1, (int)snapshot.Revision).Select(i => i.ToString()).ToValueList(),
                snapshot.Configs.Values.Select(c => c.Metadata.ResourceVersion!).OrderBy(v => int.Parse(v)).ToValueList());
        }

        Assert.Equal(writes, snapshots[^1].Revision);
    }

    private static TimeSpan DefaultLeaseAndABit => Core.Blocks.Registry.IServiceRegistry.DefaultLease + TimeSpan.FromSeconds(1);
}
