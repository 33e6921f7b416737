using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using Xunit;

namespace GatewayMesh.UnitTests.LoadBalancing;

/// <summary>Issue 15: Envoy's priority load (overprovisioning 1.4) and locality weights, over outlier health.</summary>
public class LocalityLoadBalancerTests
{
    private static readonly Endpoint[] Endpoints =
    [
        new("10.0.0.1", 80, default, "local-1", "sa"), new("10.0.0.2", 80, default, "local-2", "sa"),
        new("10.0.1.1", 80, default, "remote-1", "sa"), new("10.0.1.2", 80, default, "remote-2", "sa"),
    ];

    private static readonly LocalityPlan TwoLevels = new([new LocalityGroup(0, 2, [0, 1], "priority 0"), new LocalityGroup(1, 2, [2, 3], "priority 1")]);

    [Fact]
    public void Pick_AllHealthy_OnlyTheLocalPriority()
    {
        var balancer = Create(TwoLevels, new Ejected());

        var picked = Picks(balancer, 200);

        Assert.Equal([0, 1], picked.Keys.Order());
    }

    [Fact]
    public void Pick_LocalPriorityAllEjected_FailsOverToTheNext()
    {
        var balancer = Create(TwoLevels, new Ejected(0, 1));

        Assert.Equal([2, 3], Picks(balancer, 200).Keys.Order());
    }

    [Fact]
    public void Pick_EverythingEjected_NoChoice()
    {
        Assert.False(Create(TwoLevels, new Ejected(0, 1, 2, 3)).Pick(LoadBalancingContext.Empty).HasEndpoint);
    }

    [Theory]
    [InlineData(new int[0], new[] { 100.0, 0 })]
    [InlineData(new[] { 0 }, new[] { 70.0, 30 })] // half of level 0 up: 1.4 × 50 = 70
    [InlineData(new[] { 0, 1 }, new[] { 0.0, 100 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0.0, 100 })] // level 1 at 70 % health takes all: the total is normalised
    public void PriorityLoads_FollowEnvoysOverprovisionedHealth(int[] ejected, double[] expected)
    {
        var balancer = Create(TwoLevels, new Ejected(ejected));
        var available = new[] { 2 - ejected.Count(e => e < 2), 2 - ejected.Count(e => e >= 2) };

        Assert.Equal(expected, balancer.PriorityLoads(available).Select(l => Math.Round(l, 6)));
    }

    [Fact]
    public void Pick_HalfTheLocalPriorityEjected_SpillsAboutThirtyPercent()
    {
        var balancer = Create(TwoLevels, new Ejected(0));

        var picked = Picks(balancer, 4000);

        Assert.False(picked.ContainsKey(0));
        var remote = (picked.GetValueOrDefault(2) + picked.GetValueOrDefault(3)) / 4000.0;
        Assert.InRange(remote, 0.25, 0.35); // 30 % by the priority load; a seeded Random keeps the run deterministic
    }

    [Fact]
    public void Pick_WeightedLocalities_SplitByWeight_AndAnEjectedLocalityLosesItsShare()
    {
        var plan = new LocalityPlan([new LocalityGroup(0, 80, [0, 1], "us-east/a"), new LocalityGroup(0, 20, [2, 3], "eu-west/a")]);

        var healthy = Picks(Create(plan, new Ejected()), 4000);
        var eastEjected = Picks(Create(plan, new Ejected(0, 1)), 400);

        Assert.InRange((healthy.GetValueOrDefault(0) + healthy.GetValueOrDefault(1)) / 4000.0, 0.75, 0.85);
        Assert.Equal([2, 3], eastEjected.Keys.Order());
    }

    [Fact]
    public void Factory_ClusterWithAPlan_BuildsALocalityBalancerOverGroupsOfItsAlgorithm()
    {
        var cluster = new Cluster(new GatewayMesh.Proxy.Routing.ClusterKey("reviews", null, null), [.. Endpoints], ClusterPolicy.Default) { Locality = TwoLevels };

        var balancer = new LoadBalancerFactory(new Random(3)).Create(cluster);

        Assert.IsType<LocalityLoadBalancer>(balancer);
        Assert.Equal([0, 1], Picks(balancer, 50).Keys.Order());
    }

    private static LocalityLoadBalancer Create(LocalityPlan plan, EndpointHealth health) =>
        new(Endpoints.Length, plan, (map, groupHealth) => new RoundRobinLoadBalancer(map.Length, new Random(1), groupHealth), new Random(7), health);

    private static Dictionary<int, int> Picks(ILoadBalancer balancer, int count)
    {
        var picked = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var pick = balancer.Pick(LoadBalancingContext.Empty);
            Assert.True(pick.HasEndpoint);
            picked[pick.Index] = picked.GetValueOrDefault(pick.Index) + 1;
        }

        return picked;
    }

    private sealed class Ejected(params int[] indexes) : EndpointHealth
    {
        public override bool AnyUnavailable => indexes.Length > 0;

        public override bool IsAvailable(int index) => !indexes.Contains(index);
    }
}
