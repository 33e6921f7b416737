using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;

namespace GatewayMesh.UnitTests.Clusters;

/// <summary>Issue 15: the locality plan a proxy compiles per cluster, with Istio's priorities and weights.</summary>
public class LocalityPlannerTests
{
    private static readonly OutlierDetection Outliers = new() { Consecutive5xxErrors = 1 };

    private static readonly ValueList<Endpoint> FourZones =
    [
        At("us-east/a/r1", "e0"), At("us-east/a/r2", "e1"), At("us-east/b", "e2"), At("eu-west/a", "e3"), At("ap-south/a", "e4"),
    ];

    [Fact]
    public void Plan_OutlierDetectionWithoutSetting_PrioritiesBySubzoneZoneRegionThenOthers()
    {
        var plan = LocalityPlanner.Plan(FourZones, Policy(null), Client("us-east/a/r1"));

        Assert.Equal([[0], [1], [2], [3, 4]], Levels(plan));
    }

    [Fact]
    public void Plan_NoOutlierDetection_NoPlan()
    {
        Assert.Null(LocalityPlanner.Plan(FourZones, new ClusterPolicy(), Client("us-east/a/r1")));
    }

    [Fact]
    public void Plan_Disabled_NoPlan()
    {
        Assert.Null(LocalityPlanner.Plan(FourZones, Policy(new LocalityLoadBalancerSetting { Enabled = false }), Client("us-east/a/r1")));
    }

    [Fact]
    public void Plan_EveryEndpointInTheProxysLocality_NoPlan()
    {
        ValueList<Endpoint> local = [At("us-east/a", "e0"), At("us-east/a", "e1")];

        Assert.Null(LocalityPlanner.Plan(local, Policy(null), Client("us-east/a")));
    }

    [Fact]
    public void Plan_UnknownLocalityEverywhere_NoPlan()
    {
        ValueList<Endpoint> unplaced = [At("", "e0"), At("", "e1")];

        Assert.Null(LocalityPlanner.Plan(unplaced, Policy(null), Client("")));
    }

    [Fact]
    public void Plan_FailoverFromTheProxysRegion_NamedRegionBeforeOtherRegions()
    {
        var setting = new LocalityLoadBalancerSetting { Failover = [new LocalityFailover { From = "us-east", To = "ap-south" }] };

        var plan = LocalityPlanner.Plan(FourZones, Policy(setting), Client("us-east/a/r1"));

        Assert.Equal([[0], [1], [2], [4], [3]], Levels(plan));
    }

    [Fact]
    public void Plan_FailoverFromAnotherRegion_Ignored()
    {
        var setting = new LocalityLoadBalancerSetting { Failover = [new LocalityFailover { From = "eu-west", To = "ap-south" }] };

        Assert.Equal([[0], [1], [2], [3, 4]], Levels(LocalityPlanner.Plan(FourZones, Policy(setting), Client("us-east/a/r1"))));
    }

    [Fact]
    public void Plan_FailoverPriority_ByLabelsMatchedInOrder()
    {
        ValueList<Endpoint> endpoints =
        [
            With("e0", ("network", "n1"), ("rack", "r1")),
            With("e1", ("network", "n1"), ("rack", "r2")),
            With("e2", ("network", "n2"), ("rack", "r1")),
        ];
        var setting = new LocalityLoadBalancerSetting { FailoverPriority = ["network", "rack"] };
        var client = ProxyIdentity.Sidecar("client", "default", new Dictionary<string, string> { ["network"] = "n1", ["rack"] = "r1" }.ToValueMap());

        Assert.Equal([[0], [1], [2]], Levels(LocalityPlanner.Plan(endpoints, Policy(setting), client)));
    }

    [Fact]
    public void Plan_FailoverPriorityWithValue_ComparesWithTheGivenValue()
    {
        ValueList<Endpoint> endpoints = [With("e0", ("network", "n1")), With("e1", ("network", "n2"))];
        var setting = new LocalityLoadBalancerSetting { FailoverPriority = ["network=n2"] };
        var client = ProxyIdentity.Sidecar("client", "default", new Dictionary<string, string> { ["network"] = "n1" }.ToValueMap());

        Assert.Equal([[1], [0]], Levels(LocalityPlanner.Plan(endpoints, Policy(setting), client)));
    }

    [Fact]
    public void Plan_FailoverPriorityOnTopologyLabel_ReadsEndpointLocalities()
    {
        var setting = new LocalityLoadBalancerSetting { FailoverPriority = [Locality.RegionLabel] };
        var client = ProxyIdentity.Sidecar("client", "default", new Dictionary<string, string> { ["app"] = "client" }.ToValueMap()) with { Locality = Locality.Parse("eu-west/x") };

        Assert.Equal([[3], [0, 1, 2, 4]], Levels(LocalityPlanner.Plan(FourZones, Policy(setting), client)));
    }

    [Fact]
    public void Plan_Distribute_WeightsSplitOverMatchedLocalitiesOthersGetNothing()
    {
        ValueList<Endpoint> endpoints = [At("us-east/a", "e0"), At("us-east/b", "e1"), At("us-east/b", "e2"), At("eu-west/a", "e3"), At("ap-south/a", "e4")];
        var setting = new LocalityLoadBalancerSetting
        {
            Distribute =
            [
                new LocalityDistribute { From = "eu-west/*", To = new Dictionary<string, int> { ["us-east/a"] = 1, ["us-east/*"] = 99 }.ToValueMap() },
                new LocalityDistribute { From = "us-east/*", To = new Dictionary<string, int> { ["us-east/*"] = 80, ["eu-west/*"] = 20 }.ToValueMap() },
            ],
        };

        var plan = LocalityPlanner.Plan(endpoints, Policy(setting) with { OutlierDetection = null }, Client("us-east/b"));

        Assert.NotNull(plan);
        Assert.Equal(
            ["eu-west/a 20: 3", "us-east/a 27: 0", "us-east/b 54: 1,2"],
            plan.Groups.Select(g => $"{g.Name} {g.Weight}: {string.Join(',', g.Endpoints)}").Order().ToList());
        Assert.All(plan.Groups, g => Assert.Equal(0, g.Priority));
    }

    [Fact]
    public void Plan_DistributeWithoutMatchingFrom_NoPlan()
    {
        var setting = new LocalityLoadBalancerSetting
        {
            Distribute = [new LocalityDistribute { From = "eu-west/*", To = new Dictionary<string, int> { ["us-east/*"] = 100 }.ToValueMap() }],
        };

        Assert.Null(LocalityPlanner.Plan(FourZones, Policy(setting), Client("us-east/a")));
    }

    [Fact]
    public void Compile_ClusterForAProxy_CarriesItsPlan_WithoutAProxy_None()
    {
        var snapshot = ClusterSnapshots.Snapshot(
            [Zoned(ClusterSnapshots.Instance("reviews", "v1", 1), "a"), Zoned(ClusterSnapshots.Instance("reviews", "v1", 2), "b")],
            """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec: {host: reviews, trafficPolicy: {outlierDetection: {consecutive5xxErrors: 1}}}
            """);
        var client = ProxyIdentity.Sidecar("productpage", "default", new Dictionary<string, string> { [Locality.RegionLabel] = "r", [Locality.ZoneLabel] = "b" }.ToValueMap());

        var cluster = Assert.Single(ClusterTableCompiler.Compile(snapshot, null, client).Clusters.Values);
        var plain = Assert.Single(ClusterTableCompiler.Compile(snapshot).Clusters.Values);

        Assert.Equal([[1], [0]], Levels(cluster.Locality));
        Assert.Equal(Locality.Parse("r/a"), cluster.Endpoints[0].Locality);
        Assert.Null(plain.Locality);
    }

    private static ServiceInstance Zoned(ServiceInstance instance, string zone) =>
        instance with { Labels = instance.Labels.Concat([KeyValuePair.Create(Locality.RegionLabel, "r"), KeyValuePair.Create(Locality.ZoneLabel, zone)]).ToValueMap() };

    private static List<int[]> Levels(LocalityPlan? plan)
    {
        Assert.NotNull(plan);
        return [.. plan.Groups.OrderBy(g => g.Priority).Select(g => g.Endpoints.ToArray())];
    }

    private static ClusterPolicy Policy(LocalityLoadBalancerSetting? setting) =>
        new() { OutlierDetection = Outliers, LoadBalancer = setting is null ? null : new LoadBalancerSettings { LocalityLbSetting = setting } };

    private static ProxyIdentity Client(string locality) =>
        ProxyIdentity.Sidecar("client", "default", new Dictionary<string, string> { ["app"] = "client" }.ToValueMap()) with { Locality = Locality.Parse(locality) };

    private static Endpoint At(string locality, string id) => new("10.0.0.1", 80, default, id, "sa") { Locality = Locality.Parse(locality) };

    private static Endpoint With(string id, params (string Key, string Value)[] labels) =>
        new("10.0.0.1", 80, labels.ToDictionary(l => l.Key, l => l.Value).ToValueMap(), id, "sa");
}
