using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.UnitTests.Routing;
using Xunit;
using static GatewayMesh.UnitTests.ProxyConfig.ProxyConfigFixtures;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class AdminDocumentTests
{
    private static JsonNode ReviewsHost(JsonNode routes) =>
        routes["virtualHosts"]!.AsArray().Single(h => h!["hosts"]!.AsArray().Any(d => d!.ToString() == "reviews.default.svc.cluster.local"))!;

    [Fact]
    public void RoutesDocument_WeightedRoute_ListsEveryDestinationWithClusterAndWeight()
    {
        var config = Compile(RoutingFixtures.Bookinfo("virtual-service-reviews-50-v3.yaml"), "reviews");

        var routes = RoundTrip(RoutesDocument.Create(config, RoutingFixtures.Sidecar()));

        Assert.Equal(7, (long)routes["revision"]!);
        Assert.Equal("sidecar", routes["proxy"]!["role"]!.ToString());
        Assert.Equal("productpage", routes["proxy"]!["service"]!.ToString());
        var route = Assert.Single(ReviewsHost(routes)["routes"]!.AsArray())!;
        Assert.Equal("route", route["action"]!["type"]!.ToString());
        Assert.Equal(
            ["outbound||v1|reviews.default.svc.cluster.local 50", "outbound||v3|reviews.default.svc.cluster.local 50"],
            route["action"]!["destinations"]!.AsArray().Select(d => $"{d!["cluster"]} {d["weight"]}"));
        Assert.Equal("VirtualService/default/reviews", ReviewsHost(routes)["virtualService"]!.ToString());
    }

    [Fact]
    public void RoutesDocument_HeaderMatch_KeepsRuleOrderAndWritesConditionsAsText()
    {
        var config = Compile(RoutingFixtures.Bookinfo("virtual-service-reviews-test-v2.yaml"), "reviews");

        var rules = ReviewsHost(RoundTrip(RoutesDocument.Create(config, RoutingFixtures.Sidecar())))["routes"]!.AsArray();

        Assert.Equal(2, rules.Count);
        Assert.Equal(["header end-user exact jason"], rules[0]!["match"]!.AsArray().Select(m => m!.ToString()));
        Assert.Empty(rules[1]!["match"]!.AsArray());
        Assert.Equal("v2", rules[0]!["action"]!["destinations"]![0]!["subset"]!.ToString());
        Assert.Equal("v1", rules[1]!["action"]!["destinations"]![0]!["subset"]!.ToString());
    }

    [Fact]
    public void RoutesDocument_RedirectDirectResponseAndRewrite_DescribesEachAction()
    {
        var rules = RoundTrip(RoutesDocument.Create(Compile(Ratings, "ratings"), RoutingFixtures.Sidecar()))["virtualHosts"]!.AsArray()
            .Single(h => h!["name"]!.ToString() == "VirtualService/default/ratings")!["routes"]!.AsArray();

        Assert.Equal("redirect", rules[0]!["action"]!["type"]!.ToString());
        Assert.Equal(302, (int)rules[0]!["action"]!["code"]!);
        Assert.Equal("/new", rules[0]!["action"]!["uri"]!.ToString());
        Assert.Equal(["uri exact /down", "method exact POST && header x-test regex a.*"], rules[1]!["match"]!.AsArray().Select(m => m!.ToString()));
        Assert.Equal("directResponse", rules[1]!["action"]!["type"]!.ToString());
        Assert.Equal(503, (int)rules[1]!["action"]!["status"]!);
        Assert.Equal("maintenance", rules[1]!["action"]!["body"]!.ToString());
        Assert.Equal("/v1", rules[2]!["action"]!["rewrite"]!["uri"]!.ToString());
        Assert.Equal("2s", rules[2]!["timeout"]!.ToString());
        Assert.Equal("outbound|9080|v1|ratings.default.svc.cluster.local", rules[2]!["action"]!["destinations"]![0]!["cluster"]!.ToString());
    }

    [Theory]
    [InlineData("virtual-service-ratings-test-delay.yaml", "delay 7s 100%")]
    [InlineData("virtual-service-ratings-test-abort.yaml", "abort 500 100%")]
    public void RoutesDocument_BookinfoRatingsFault_JasonsRuleNamesWhatIsInjected(string file, string expected)
    {
        var rules = RoundTrip(RoutesDocument.Create(Compile(RoutingFixtures.Bookinfo(file), "ratings"), RoutingFixtures.Sidecar()))["virtualHosts"]!.AsArray()
            .Single(h => h!["name"]!.ToString() == "VirtualService/default/ratings")!["routes"]!.AsArray();

        Assert.Equal(expected, rules[0]!["fault"]!.ToString());
        Assert.Null(rules[1]!["fault"]);
    }

    [Fact]
    public void RoutesDocument_FaultNothingWouldInject_SaysSo()
    {
        const string yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings, namespace: default}
            spec:
              hosts: [ratings]
              http:
              - fault: {delay: {fixedDelay: 1s, percentage: {value: 0}}, abort: {grpcStatus: UNAVAILABLE, percentage: {value: 12.5}}}
                route: [{destination: {host: ratings}}]
              - fault: {delay: {exponentialDelay: 1s, percentage: {value: 50}}}
                route: [{destination: {host: ratings}}]
            """;

        var rules = RoundTrip(RoutesDocument.Create(Compile(yaml, "ratings"), RoutingFixtures.Sidecar()))["virtualHosts"]!.AsArray()
            .Single(h => h!["name"]!.ToString() == "VirtualService/default/ratings")!["routes"]!.AsArray();

        Assert.Equal("abort grpc 14 12.5%", rules[0]!["fault"]!.ToString());
        Assert.Equal("none injected", rules[1]!["fault"]!.ToString());
    }

    [Fact]
    public void ClustersDocument_DestinationRuleAll_ListsSubsetClustersWithBalancerAndCounts()
    {
        var config = Compile(RoutingFixtures.Bookinfo("destination-rule-all.yaml"), "reviews");

        var clusters = RoundTrip(ClustersDocument.Create(config, RoutingFixtures.Sidecar(), AllEndpointsHealthy.Instance))["clusters"]!.AsArray();

        var names = clusters.Select(c => c!["name"]!.ToString()).ToList();
        Assert.Contains("outbound|||reviews.default.svc.cluster.local", names);
        Assert.Contains("outbound||v1|reviews.default.svc.cluster.local", names);
        Assert.Contains("outbound||v3|reviews.default.svc.cluster.local", names);
        var v1 = clusters.Single(c => c!["name"]!.ToString() == "outbound||v1|reviews.default.svc.cluster.local")!;
        Assert.Equal("ROUND_ROBIN", v1["loadBalancer"]!.ToString());
        Assert.Equal(1, (int)v1["endpoints"]!);
        Assert.Equal(1, (int)v1["healthyEndpoints"]!);
        var v3 = clusters.Single(c => c!["name"]!.ToString() == "outbound||v3|reviews.default.svc.cluster.local")!;
        Assert.Equal(0, (int)v3["endpoints"]!);
    }

    [Fact]
    public void EndpointsDocument_HealthViewEjectsOne_ReportsEjectedWithDeadlineAndCountsOnlyHealthy()
    {
        var config = Compile(RoutingFixtures.Bookinfo("destination-rule-all.yaml"), "reviews");
        var until = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var view = new EjectingView(new ClusterKey("reviews.default.svc.cluster.local", "v1", null), until);

        var endpoints = RoundTrip(EndpointsDocument.Create(config, RoutingFixtures.Sidecar(), view))["endpoints"]!.AsArray();
        var clusters = RoundTrip(ClustersDocument.Create(config, RoutingFixtures.Sidecar(), view))["clusters"]!.AsArray();

        var ejected = endpoints.Single(e => e!["cluster"]!.ToString() == "outbound||v1|reviews.default.svc.cluster.local")!;
        Assert.Equal("EJECTED", ejected["health"]!.ToString());
        Assert.Equal(until, ejected["ejectedUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal("127.0.0.1:9080", ejected["address"]!.ToString());
        Assert.Equal("v1", ejected["labels"]!["version"]!.ToString());
        var plain = endpoints.Single(e => e!["cluster"]!.ToString() == "outbound|||reviews.default.svc.cluster.local")!;
        Assert.Equal("HEALTHY", plain["health"]!.ToString());
        Assert.Null(plain["ejectedUntil"]);
        Assert.Equal(0, (int)clusters.Single(c => c!["subset"]?.ToString() == "v1")!["healthyEndpoints"]!);
    }

    private sealed class EjectingView(ClusterKey ejectedCluster, DateTimeOffset until) : IEndpointHealthView
    {
        public EndpointHealth Get(ClusterKey cluster, Endpoint endpoint) =>
            cluster == ejectedCluster ? EndpointHealth.Ejected(until) : EndpointHealth.Healthy;
    }
}
