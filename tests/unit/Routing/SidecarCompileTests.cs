using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class SidecarCompileTests
{
    private const string ReviewsRules = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - match:
            - headers: {end-user: {exact: jason}}
            - uri: {prefix: /beta}
            route:
            - destination: {host: reviews, subset: v2}
          - match:
            - uri: {prefix: /}
            route:
            - destination: {host: reviews, subset: v3}
          - route:
            - destination: {host: reviews, subset: v1}
        """;

    [Fact]
    public void Compile_ServiceWithoutVirtualService_GetsDefaultRouteToAllInstances()
    {
        var table = RouteTableCompiler.Compile(Snapshot(ReviewsRules, "reviews", "details"), Sidecar());
        Assert.Equal(new ClusterKey("details.default.svc.cluster.local", null, null), RouteTo(table, Get("details:9080", "/details/0")));
        var details = table.FindVirtualHost("details")!;
        Assert.Null(details.Source);
        Assert.Equal(2, table.VirtualHosts.Count); // reviews is claimed by its VirtualService, not defaulted
    }

    [Fact]
    public void Match_BlocksAreOredAndFirstRuleWins()
    {
        var table = RouteTableCompiler.Compile(Snapshot(ReviewsRules), Sidecar());
        Assert.Equal(Reviews("v2"), RouteTo(table, Get("reviews", "/x", ("end-user", "jason"))));
        Assert.Equal(Reviews("v2"), RouteTo(table, Get("reviews", "/beta/1")));
        Assert.Equal(Reviews("v3"), RouteTo(table, Get("reviews", "/x"))); // rule 2 shadows the match-all rule 3
    }

    [Fact]
    public void Match_ReturnsTheBlockThatMatched()
    {
        var table = RouteTableCompiler.Compile(Snapshot(ReviewsRules), Sidecar());
        var match = table.Match(Get("reviews", "/beta/1"))!.Value;
        Assert.Same(match.Rule.Matches[1], match.Block);
    }

    [Fact]
    public void Compile_TwoVirtualServicesClaimOneHost_FirstByKeyWins()
    {
        var yaml = ReviewsRules.Replace("name: reviews", "name: b-reviews", StringComparison.Ordinal) + "\n---\n" + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: a-reviews
            spec:
              hosts: [reviews.default.svc.cluster.local]
              http:
              - route:
                - destination: {host: reviews, subset: v9}
            """;
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Sidecar());
        Assert.Equal(Reviews("v9"), RouteTo(table, Get("reviews", "/beta")));
        Assert.Single(table.VirtualHosts);
    }

    [Fact]
    public void Compile_VirtualServiceBoundOnlyToGateway_IsNotOnSidecar()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("bookinfo-gateway.yaml"), "productpage"), Sidecar("reviews"));
        var host = Assert.Single(table.VirtualHosts);
        Assert.Null(host.Source); // only productpage's default route
    }

    [Fact]
    public void Match_SourceLabels_SelectsByCallingWorkload()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: ratings
            spec:
              hosts: [ratings]
              http:
              - match:
                - sourceLabels: {app: reviews, version: v2}
                route:
                - destination: {host: ratings, subset: v2}
              - route:
                - destination: {host: ratings, subset: v1}
            """;
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Sidecar("reviews"));
        var ratings = new ClusterKey("ratings.default.svc.cluster.local", "v2", null);
        Assert.Equal(ratings, RouteTo(table, Get("ratings", "/") with { SourceLabels = Labels(("app", "reviews"), ("version", "v2")) }));
        Assert.Equal(ratings with { Subset = "v1" }, RouteTo(table, Get("ratings", "/") with { SourceLabels = Labels(("app", "reviews"), ("version", "v1")) }));
    }

    [Fact]
    public void Compile_WildcardAndExternalHosts_MatchByAuthority()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: external
            spec:
              hosts: ["*.example.com", api.example.com]
              http:
              - route:
                - destination: {host: egress.example.com}
            """;
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Sidecar());
        var egress = new ClusterKey("egress.example.com", null, null);
        Assert.Equal(egress, RouteTo(table, Get("www.example.com:443", "/")));
        Assert.Equal(egress, RouteTo(table, Get("api.example.com", "/")));
        Assert.Null(table.Match(Get("example.com", "/")));
        Assert.Null(table.Match(Get("example.org", "/")));
    }

    [Fact]
    public void Match_MeshGatewayCondition_HoldsOnSidecar()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: details
            spec:
              hosts: [details]
              gateways: [mesh, bookinfo-gateway]
              http:
              - match:
                - gateways: [bookinfo-gateway]
                route:
                - destination: {host: details, subset: edge}
              - match:
                - gateways: [mesh]
                route:
                - destination: {host: details, subset: v1}
            """;
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Sidecar());
        Assert.Equal(new ClusterKey("details.default.svc.cluster.local", "v1", null), RouteTo(table, Get("details", "/")));
    }
}
