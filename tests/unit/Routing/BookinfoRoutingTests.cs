using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class BookinfoRoutingTests
{
    private static readonly ClusterKey ProductPage = new("productpage.default.svc.cluster.local", null, 9080);

    private static RouteTable IngressTable() =>
        RouteTableCompiler.Compile(Snapshot(Bookinfo("bookinfo-gateway.yaml"), "productpage"), Ingress);

    [Theory]
    [InlineData("/productpage")]
    [InlineData("/static/x")]
    [InlineData("/login")]
    [InlineData("/api/v1/products/1")]
    public void Ingress_BookinfoPaths_RouteToProductPage(string path) =>
        Assert.Equal(ProductPage, RouteTo(IngressTable(), Get("localhost:31380", path)));

    [Fact]
    public void Ingress_UnknownPath_DoesNotMatch() =>
        Assert.Null(IngressTable().Match(Get("localhost:31380", "/unknown")));

    [Fact]
    public void Ingress_BookinfoGateway_ServesAnyHostOnItsServerPort()
    {
        var host = Assert.Single(IngressTable().VirtualHosts);
        Assert.Equal("default/bookinfo-gateway", host.Gateway);
        Assert.Equal([8080], host.Ports);
        Assert.Equal(["*"], host.Hosts);
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews:9080")]
    [InlineData("reviews.default")]
    [InlineData("reviews.default.svc")]
    [InlineData("REVIEWS.default.svc.cluster.local")]
    public void Sidecar_AllV1_EveryReviewsSpellingRoutesToV1(string authority)
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-all-v1.yaml")), Sidecar());
        Assert.Equal(Reviews("v1"), RouteTo(table, Get(authority, "/reviews/0")));
    }

    [Fact]
    public void Sidecar_ReviewsTestV2_JasonGetsV2OthersV1()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-reviews-test-v2.yaml")), Sidecar());
        Assert.Equal(Reviews("v2"), RouteTo(table, Get("reviews:9080", "/reviews/0", ("end-user", "jason"))));
        Assert.Equal(Reviews("v1"), RouteTo(table, Get("reviews:9080", "/reviews/0", ("end-user", "ana"))));
        Assert.Equal(Reviews("v1"), RouteTo(table, Get("reviews:9080", "/reviews/0")));
    }

    [Fact]
    public void Sidecar_Reviews9010_PicksV1AboutNinetyPercent()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-reviews-90-10.yaml")), Sidecar());
        var forward = Assert.IsType<ForwardAction>(table.Match(Get("reviews", "/"))!.Value.Action);
        Assert.Equal([(Reviews("v1"), 90), (Reviews("v2"), 10)], forward.Destinations.Destinations.Select(d => (d.Cluster, d.Weight)));

        var random = new Random(42);
        var v1 = Enumerable.Range(0, 10_000).Count(_ => forward.Destinations.Pick(random).Cluster == Reviews("v1"));
        Assert.InRange(v1, 8_800, 9_200);
    }

    [Fact]
    public void Sidecar_OtherNamespace_ShortNameIsNotAnAlias()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-all-v1.yaml")), Sidecar(ns: "shop"));
        Assert.Null(table.Match(Get("reviews", "/")));
        Assert.Equal(Reviews("v1"), RouteTo(table, Get("reviews.default:9080", "/")));
    }

    [Fact]
    public void Compile_SameSnapshotTwice_TablesAreEqual()
    {
        var yaml = Bookinfo("virtual-service-all-v1.yaml") + "\n---\n" + Bookinfo("bookinfo-gateway.yaml");
        var first = RouteTableCompiler.Compile(Snapshot(yaml, "details", "ratings"), Sidecar());
        var second = RouteTableCompiler.Compile(Snapshot(yaml, "details", "ratings"), Sidecar());
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(RouteTableCompiler.Compile(Snapshot(yaml), Ingress), RouteTableCompiler.Compile(Snapshot(yaml), Ingress));
    }

    [Fact]
    public void Compile_ChangedWeight_TablesDiffer()
    {
        var before = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-reviews-90-10.yaml")), Sidecar());
        var after = RouteTableCompiler.Compile(
            Snapshot(Bookinfo("virtual-service-reviews-90-10.yaml").Replace("weight: 90", "weight: 80", StringComparison.Ordinal)), Sidecar());
        Assert.NotEqual(before, after);
    }
}
