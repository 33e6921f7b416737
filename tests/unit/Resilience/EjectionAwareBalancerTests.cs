using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.LoadBalancing;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class EjectionAwareBalancerTests
{
    public static TheoryData<string> Balancers => ["ROUND_ROBIN", "LEAST_REQUEST", "RANDOM", "HASH"];

    private static LoadBalancerSettings Settings(string name) => name switch
    {
        "HASH" => new LoadBalancerSettings { ConsistentHash = new ConsistentHashLB { HttpHeaderName = "x-user" } },
        _ => new LoadBalancerSettings { Simple = Enum.Parse<SimpleLB>(name.Replace("_", ""), ignoreCase: true) },
    };

    private static TrafficPolicy Policy(string balancer) =>
        Detecting(new OutlierDetection { MaxEjectionPercent = 100 }, Settings(balancer));

    private static DictionaryLoadBalancingContext User(int i) => new(headers: [KeyValuePair.Create("x-user", $"user-{i}")]);

    [Theory]
    [MemberData(nameof(Balancers))]
    public void Pick_EndpointEjected_IsNeverChosenAndTheOthersAre(string balancer)
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(4), Policy(balancer));

        mesh.Answer(2, 503, 5);

        var picked = new HashSet<int>();
        for (var i = 0; i < 400; i++)
        {
            picked.UnionWith(mesh.Picked(1, User(i)));
        }

        Assert.Equal([1, 3, 4], picked.Order());
    }

    [Theory]
    [MemberData(nameof(Balancers))]
    public void Pick_EjectedEndpointReturned_IsChosenAgain(string balancer)
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(4), Policy(balancer));
        mesh.Answer(2, 503, 5);

        mesh.Time.Advance(TimeSpan.FromSeconds(30));

        var picked = new HashSet<int>();
        for (var i = 0; i < 400; i++)
        {
            picked.UnionWith(mesh.Picked(1, User(i)));
        }

        Assert.Equal([1, 2, 3, 4], picked.Order());
    }

    [Fact]
    public void ConsistentHash_EndpointEjected_OnlyItsKeysMove()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(4), Policy("HASH"));
        var before = Enumerable.Range(0, 500).Select(i => mesh.Picked(1, User(i)).Single()).ToList();

        mesh.Answer(2, 503, 5);
        var after = Enumerable.Range(0, 500).Select(i => mesh.Picked(1, User(i)).Single()).ToList();

        Assert.Contains(2, before);
        Assert.All(before.Zip(after), pair => Assert.True(pair.First == 2 ? pair.Second != 2 : pair.Second == pair.First));
    }

    [Fact]
    public void RoundRobin_OneEjected_SharesTurnsEvenlyAmongTheRest()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(3), Policy("ROUND_ROBIN"));
        mesh.Answer(1, 503, 5);
        var entry = mesh.Entry;

        var counts = new int[3];
        for (var i = 0; i < 300; i++)
        {
            counts[entry.LoadBalancer.Pick(LoadBalancingContext.Empty).Index]++;
        }

        Assert.Equal([0, 150, 150], counts);
    }
}
