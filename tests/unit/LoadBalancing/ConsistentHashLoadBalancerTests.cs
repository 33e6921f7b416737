using System.Net;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.LoadBalancing;
using Xunit;

namespace GatewayMesh.UnitTests.LoadBalancing;

public class ConsistentHashLoadBalancerTests
{
    private static readonly string[] Three = ["10.0.0.1:9080", "10.0.0.2:9080", "10.0.0.3:9080"];

    private static ConsistentHashLoadBalancer ByHeader(IReadOnlyList<string> endpoints) =>
        new(new ConsistentHashLB { HttpHeaderName = "x-user" }, endpoints, new Random(1));

    private static LoadBalancingContext Header(string value) =>
        new DictionaryLoadBalancingContext(headers: [KeyValuePair.Create("X-User", value)]);

    [Fact]
    public void Pick_SameHeader_SameEndpointEveryTime()
    {
        var balancer = ByHeader(Three);
        var first = balancer.Pick(Header("jason")).Index;

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(first, balancer.Pick(Header("jason")).Index);
        }

        Assert.Equal(first, ByHeader(Three).Pick(Header("jason")).Index);
    }

    [Fact]
    public void Pick_10000Keys_SpreadWithin25PercentOfEven()
    {
        var balancer = ByHeader(Three);
        var counts = new int[3];
        for (var i = 0; i < 10_000; i++)
        {
            counts[balancer.Pick(Header($"user-{i}")).Index]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 10_000 / 3 * 0.75, 10_000 / 3 * 1.25));
    }

    [Fact]
    public void Pick_FourthEndpointAdded_MovesAboutAQuarterOfKeys()
    {
        var before = ByHeader(Three);
        var after = ByHeader([.. Three, "10.0.0.4:9080"]);
        var moved = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var was = before.Pick(Header($"user-{i}")).Index;
            var now = after.Pick(Header($"user-{i}")).Index;
            Assert.True(now == was || now == 3, "a key may only move to the new endpoint");
            moved += now == was ? 0 : 1;
        }

        Assert.InRange(moved, 1_500, 3_500);
    }

    [Fact]
    public void Pick_CookieAbsentWithTtl_ReturnsSetCookieThatLeadsBackToTheSameEndpoint()
    {
        var settings = new ConsistentHashLB
        {
            HttpCookie = new HttpCookie { Name = "user", Path = "/", Ttl = MeshDuration.Parse("10s") },
        };
        var balancer = new ConsistentHashLoadBalancer(settings, Three, new Random(4));

        var pick = balancer.Pick(LoadBalancingContext.Empty);

        var cookie = Assert.IsType<SetCookieInstruction>(pick.SetCookie);
        Assert.Equal(("user", "/", TimeSpan.FromSeconds(10)), (cookie.Name, cookie.Path, cookie.MaxAge));
        Assert.NotEmpty(cookie.Value);
        var again = balancer.Pick(new DictionaryLoadBalancingContext(cookies: [KeyValuePair.Create("user", cookie.Value)]));
        Assert.Equal(pick.Index, again.Index);
        Assert.Null(again.SetCookie);
    }

    [Fact]
    public void Pick_CookieAbsentWithoutTtl_SetsNoCookie()
    {
        var balancer = new ConsistentHashLoadBalancer(new ConsistentHashLB { HttpCookie = new HttpCookie { Name = "user" } }, Three, new Random(4));

        var pick = balancer.Pick(LoadBalancingContext.Empty);

        Assert.True(pick.HasEndpoint);
        Assert.Null(pick.SetCookie);
    }

    [Fact]
    public void Pick_SourceIpAndQueryParameter_AreStable()
    {
        var bySource = new ConsistentHashLoadBalancer(new ConsistentHashLB { UseSourceIp = true }, Three, new Random(1));
        var byQuery = new ConsistentHashLoadBalancer(new ConsistentHashLB { HttpQueryParameterName = "u" }, Three, new Random(1));
        var sources = Enumerable.Range(1, 200).Select(i => IPAddress.Parse($"192.168.0.{i}")).ToList();

        var firstRound = sources.Select(ip => bySource.Pick(new DictionaryLoadBalancingContext(sourceAddress: ip)).Index).ToList();

        Assert.Equal(firstRound, sources.Select(ip => bySource.Pick(new DictionaryLoadBalancingContext(sourceAddress: ip)).Index));
        Assert.Equal(3, firstRound.Distinct().Count());
        var q = new DictionaryLoadBalancingContext(query: [KeyValuePair.Create("u", "abc")]);
        Assert.Equal(byQuery.Pick(q).Index, byQuery.Pick(q).Index);
    }

    [Fact]
    public void HashRing_MinimumSize_IsRespected()
    {
        Assert.True(new HashRing(Three, 4096).Size >= 4096);
        Assert.Equal(-1, new HashRing([]).Lookup(42));
        var many = Enumerable.Range(0, 5_000).Select(i => $"10.1.{i / 256}.{i % 256}:80").ToList();
        Assert.InRange(new HashRing(many).Size, 5_000, 1 << 20);
    }
}
