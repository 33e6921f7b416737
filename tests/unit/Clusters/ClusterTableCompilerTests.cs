using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Clusters.ClusterSnapshots;

namespace GatewayMesh.UnitTests.Clusters;

public class ClusterTableCompilerTests
{
    private static readonly ServiceInstance[] Reviews =
        [Instance("reviews", "v1"), Instance("reviews", "v2"), Instance("reviews", "v3"), Instance("reviews", "v3", n: 2)];

    private static Cluster Get(ClusterTable table, string host, string? subset = null, int? port = null)
    {
        Assert.True(table.TryGet(new ClusterKey(host, subset, port), out var cluster), $"no cluster {host}/{subset}/{port}");
        return cluster;
    }

    private static string[] Ids(Cluster cluster) => cluster.Endpoints.Select(e => e.InstanceId).ToArray();

    [Fact]
    public void Compile_BookinfoSubsets_SelectInstancesByVersionLabel()
    {
        var table = ClusterTableCompiler.Compile(Snapshot(Reviews, Bookinfo("destination-rule-all.yaml")));

        Assert.Equal(["reviews-v1-1", "reviews-v2-1", "reviews-v3-1", "reviews-v3-2"], Ids(Get(table, ReviewsFqdn)));
        Assert.Equal(["reviews-v1-1"], Ids(Get(table, ReviewsFqdn, "v1")));
        Assert.Equal(["reviews-v2-1"], Ids(Get(table, ReviewsFqdn, "v2")));
        Assert.Equal(["reviews-v3-1", "reviews-v3-2"], Ids(Get(table, ReviewsFqdn, "v3")));
        var endpoint = Get(table, ReviewsFqdn, "v2").Endpoints[0];
        Assert.Equal(("10.0.2.1", 9080, "bookinfo-reviews"), (endpoint.Address, endpoint.Port, endpoint.ServiceAccount));
    }

    [Fact]
    public void Compile_SubsetWithoutInstances_YieldsEmptyEndpoints()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("reviews", "v1")], Bookinfo("destination-rule-all.yaml")));

        Assert.Empty(Get(table, ReviewsFqdn, "v3").Endpoints);
        Assert.Single(Get(table, ReviewsFqdn, "v1").Endpoints);
    }

    [Fact]
    public void Compile_UnhealthyAndDrainingInstances_AreExcluded()
    {
        var instances = new[]
        {
            Instance("reviews", "v1"),
            Instance("reviews", "v1", n: 2, health: InstanceHealth.Unhealthy),
            Instance("reviews", "v1", n: 3, health: InstanceHealth.Draining),
        };

        var table = ClusterTableCompiler.Compile(Snapshot(instances, Bookinfo("destination-rule-all.yaml")));

        Assert.Equal(["reviews-v1-1"], Ids(Get(table, ReviewsFqdn)));
        Assert.Equal(["reviews-v1-1"], Ids(Get(table, ReviewsFqdn, "v1")));
    }

    [Fact]
    public void Compile_ServiceWithoutRule_HasOnlyTheServiceCluster()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("details", "v1")]));

        Assert.Equal([new ClusterKey("details.default.svc.cluster.local", null, null)], table.Clusters.Keys);
        Assert.Equal(ClusterPolicy.Default, Get(table, "details.default.svc.cluster.local").Policy);
    }

    [Fact]
    public void Compile_SameSnapshotTwice_GivesEqualTables()
    {
        var snapshot = Snapshot(Reviews, Bookinfo("destination-rule-all.yaml"));

        Assert.Equal(ClusterTableCompiler.Compile(snapshot), ClusterTableCompiler.Compile(snapshot));
        Assert.NotEqual(ClusterTableCompiler.Compile(snapshot), ClusterTableCompiler.Compile(Snapshot(Reviews)));
    }
}
