using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Clusters.ClusterSnapshots;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.Clusters;

public class ClusterStateTests
{
    private static readonly ClusterKey V1 = new(ReviewsFqdn, "v1", null);
    private static readonly ClusterKey V2 = new(ReviewsFqdn, "v2", null);

    private static ClusterTable Table(params ServiceInstance[] instances) =>
        ClusterTableCompiler.Compile(Snapshot(instances, Bookinfo("destination-rule-all.yaml")));

    private static ILoadBalancer Balancer(ClusterState state, ClusterKey key)
    {
        Assert.True(state.TryGet(key, out var entry));
        return entry.LoadBalancer;
    }

    [Fact]
    public void Update_EqualTableRecompiled_KeepsEveryBalancer()
    {
        var state = new ClusterState(new LoadBalancerFactory(new Random(1)));
        state.Update(Table(Instance("reviews", "v1"), Instance("reviews", "v2")));
        var before = Balancer(state, V1);

        var (reused, built) = state.Update(Table(Instance("reviews", "v1"), Instance("reviews", "v2")));

        Assert.Same(before, Balancer(state, V1));
        Assert.Equal((4, 0), (reused, built));
    }

    [Fact]
    public void Update_EndpointsChanged_RebuildsOnlyThatClustersBalancer()
    {
        var state = new ClusterState(new LoadBalancerFactory(new Random(1)));
        state.Update(Table(Instance("reviews", "v1"), Instance("reviews", "v2")));
        var v1Before = Balancer(state, V1);
        var v2Before = Balancer(state, V2);

        state.Update(Table(Instance("reviews", "v1"), Instance("reviews", "v2"), Instance("reviews", "v2", n: 2)));

        Assert.Same(v1Before, Balancer(state, V1));
        Assert.NotSame(v2Before, Balancer(state, V2));
        Assert.Equal(2, Balancer(state, V2).EndpointCount);
        Assert.True(state.TryGet(V2, out var entry));
        Assert.Equal(2, entry.Cluster.Endpoints.Count);
    }

    [Fact]
    public void Update_ClusterRemoved_IsNoLongerFound()
    {
        var state = new ClusterState(new LoadBalancerFactory(new Random(1)));
        state.Update(Table(Instance("reviews", "v1")));

        state.Update(ClusterTable.Empty);

        Assert.False(state.TryGet(V1, out _));
        Assert.Same(ClusterTable.Empty, state.Table);
    }
}
