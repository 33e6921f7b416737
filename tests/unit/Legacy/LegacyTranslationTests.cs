using GatewayMesh.Core.Analysis;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Legacy;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Legacy;

/// <summary>
/// Issue 12: Istio 0.x RouteRules, DestinationPolicies and EgressRules become the v1 resources istioctl's converter
/// made, in 0.x precedence order, and compile into the same route and cluster tables as those v1 resources.
/// </summary>
public class LegacyTranslationTests
{
    private static string Legacy(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo-legacy", file));

    private static IReadOnlyList<ConfigResource> Translate(string yaml) => LegacyTranslation.Translate(Parse(yaml)).Resources;

    [Fact]
    public void Translate_AllV1_OneVirtualServiceAndSubsetPerService()
    {
        var resources = Translate(Legacy("route-rule-all-v1.yaml"));

        var services = resources.OfType<VirtualService>().ToList();
        Assert.Equal(["details", "productpage", "ratings", "reviews"], services.Select(s => s.Metadata.Name));
        var reviews = services.Single(s => s.Metadata.Name == "reviews");
        Assert.Equal(["reviews.default.svc.cluster.local"], reviews.Spec.Hosts);
        var route = Assert.Single(Assert.Single(reviews.Spec.Http).Route);
        Assert.Equal(new Destination { Host = "reviews.default.svc.cluster.local", Subset = "version-v1" }, route.Destination);
        Assert.Null(route.Weight);
        var rule = resources.OfType<DestinationRule>().Single(r => r.Metadata.Name == "reviews");
        Assert.Equal([new Subset { Name = "version-v1", Labels = Labels(("version", "v1")) }], rule.Spec.Subsets);
    }

    [Fact]
    public void Translate_TwoRulesForOneHost_HigherPrecedenceFirstThenByName()
    {
        var yaml = Legacy("route-rule-reviews-50-v3.yaml") + "\n---\n" + Legacy("route-rule-reviews-test-v2.yaml") + "\n---\n" + """
            apiVersion: config.istio.io/v1alpha2
            kind: RouteRule
            metadata: {name: a-reviews-tie}
            spec: {destination: {name: reviews}, precedence: 2, match: {request: {headers: {x-canary: {exact: "1"}}}}, route: [{labels: {version: v3}}]}
            """;

        var reviews = Assert.Single(Translate(yaml).OfType<VirtualService>());

        Assert.Equal(["a-reviews-tie", "reviews-test-v2", "reviews-default"], reviews.Spec.Http.Select(h => h.Name));
        var cookie = reviews.Spec.Http[1];
        Assert.Equal("^(.*?;)?(user=jason)(;.*)?$", cookie.Match[0].Headers["cookie"].Regex);
        Assert.Equal([50, 50], reviews.Spec.Http[2].Route.Select(r => r.Weight));
        Assert.Equal(["version-v1", "version-v3"], reviews.Spec.Http[2].Route.Select(r => r.Destination!.Subset));
    }

    [Fact]
    public void Translate_RequestLineHeadersAndSource_BecomeTheV1Matches()
    {
        var vs = Assert.Single(Translate("""
            apiVersion: config.istio.io/v1alpha2
            kind: RouteRule
            metadata: {name: r, namespace: shop}
            spec:
              destination: {name: reviews}
              match:
                source: {name: productpage, labels: {version: v1}}
                request: {headers: {uri: {prefix: /api}, method: {exact: GET}, authority: {exact: reviews}, scheme: {exact: http}, x-user: {exact: jason}}}
              httpReqTimeout: {simpleTimeout: {timeout: 2s}}
              httpReqRetries: {simpleRetry: {attempts: 3, perTryTimeout: 1s}}
              httpFault: {abort: {percent: 10, httpStatus: 503}}
              appendHeaders: {x-legacy: "1"}
              mirror: {name: reviews, labels: {version: v3}}
            """).OfType<VirtualService>());

        Assert.Equal("shop", vs.Metadata.Namespace);
        var route = Assert.Single(vs.Spec.Http);
        var match = Assert.Single(route.Match);
        Assert.Equal(new StringMatch { Prefix = "/api" }, match.Uri);
        Assert.Equal(new StringMatch { Exact = "GET" }, match.Method);
        Assert.Equal(new StringMatch { Exact = "reviews" }, match.Authority);
        Assert.Equal(new StringMatch { Exact = "http" }, match.Scheme);
        Assert.Equal(["x-user"], match.Headers.Keys);
        Assert.Equal(Labels(("app", "productpage"), ("version", "v1")), match.SourceLabels);
        Assert.Equal("shop", match.SourceNamespace);
        Assert.Equal(TimeSpan.FromSeconds(2), route.Timeout!.Value.Value);
        Assert.Equal(new HttpRetry { Attempts = 3, PerTryTimeout = MeshDuration.Parse("1s"), RetryOn = "5xx,connect-failure,refused-stream" }, route.Retries);
        Assert.Equal(503, route.Fault!.Abort!.HttpStatus);
        Assert.Equal(10, route.Fault.Abort.Percentage!.Value);
        Assert.Equal("1", route.Headers!.Request!.Add["x-legacy"]);
        Assert.Equal(new Destination { Host = "reviews.shop.svc.cluster.local", Subset = "version-v3" }, route.Mirror);
    }

    [Fact]
    public void Translate_SimpleCircuitBreaker_ConnectionLimitsAndOutlierDetectionOnTheSubset()
    {
        var rule = Assert.Single(Translate(Legacy("destination-policy-reviews-cb.yaml")).OfType<DestinationRule>());

        var subset = Assert.Single(rule.Spec.Subsets);
        Assert.Equal("version-v1", subset.Name);
        Assert.Null(rule.Spec.TrafficPolicy);
        var policy = subset.TrafficPolicy!;
        Assert.Equal(100, policy.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(100, policy.ConnectionPool.Http!.Http1MaxPendingRequests);
        Assert.Equal(10, policy.ConnectionPool.Http.MaxRequestsPerConnection);
        Assert.Equal(
            new OutlierDetection
            {
                Consecutive5xxErrors = 1,
                Interval = MeshDuration.Parse("5s"),
                BaseEjectionTime = MeshDuration.Parse("15s"),
                MaxEjectionPercent = 100,
            },
            policy.OutlierDetection);
    }

    [Fact]
    public void Translate_CircuitBreakerWithoutEjectionFields_Pilot07Defaults()
    {
        var rule = Assert.Single(Translate("""
            apiVersion: config.istio.io/v1alpha2
            kind: DestinationPolicy
            metadata: {name: p}
            spec: {destination: {name: reviews}, loadBalancing: {name: LEAST_CONN}, circuitBreaker: {simpleCb: {maxConnections: 1}}}
            """).OfType<DestinationRule>());

        Assert.Equal(SimpleLB.LeastRequest, rule.Spec.TrafficPolicy!.LoadBalancer!.Simple);
        Assert.Equal(
            new OutlierDetection { Consecutive5xxErrors = 5, Interval = MeshDuration.Parse("10s"), BaseEjectionTime = MeshDuration.Parse("30s"), MaxEjectionPercent = 10 },
            rule.Spec.TrafficPolicy.OutlierDetection);
    }

    [Fact]
    public void Translate_EgressRule_MeshExternalServiceEntry()
    {
        var entry = Assert.Single(Translate(Legacy("egress-rule-google-apis.yaml")).OfType<ServiceEntry>());

        Assert.Equal(["*.googleapis.com"], entry.Spec.Hosts);
        Assert.Equal([new ServicePort { Number = 443, Protocol = "HTTPS", Name = "https-443" }], entry.Spec.Ports);
        Assert.Equal(ServiceEntryResolution.None, entry.Spec.Resolution);
        Assert.Equal(ServiceEntryLocation.MeshExternal, entry.Spec.Location);
    }

    public static TheoryData<string> BookinfoFiles() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo-legacy"), "*.yaml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(BookinfoFiles))]
    public void Translate_EveryBookinfoLegacyFile_ValidatesAndIsValidV1(string file)
    {
        var parsed = ConfigParser.Parse(Legacy(file), file);
        Assert.Empty(ConfigValidator.Check(parsed));

        var translated = LegacyTranslation.Translate(parsed.Resources).Resources;

        Assert.NotEmpty(translated);
        Assert.Empty(ConfigValidator.ValidateAll(translated));
    }

    [Theory]
    [MemberData(nameof(BookinfoFiles))]
    public void Compile_LegacyRules_SameTablesAsTheirTranslation(string file)
    {
        var legacy = Parse(Legacy(file));
        var converted = LegacyTranslation.Translate(legacy).Resources;
        var instances = BookinfoInstances();

        var fromLegacy = SnapshotOf(legacy, instances);
        var fromConverted = SnapshotOf(converted, instances);

        Assert.Equal(RouteTableCompiler.Compile(fromConverted, Sidecar()), RouteTableCompiler.Compile(fromLegacy, Sidecar()));
        Assert.Equal(ClusterTableCompiler.Compile(fromConverted), ClusterTableCompiler.Compile(fromLegacy));
    }

    [Fact]
    public void Compile_V1VirtualServiceForTheSameHost_WinsAndV1RuleGetsTheLabelSubsets()
    {
        var configs = Parse(Bookinfo("destination-rule-all.yaml") + "\n---\n" + Bookinfo("virtual-service-reviews-v3.yaml") + "\n---\n" + Legacy("route-rule-all-v1.yaml"));
        var snapshot = SnapshotOf(configs, BookinfoInstances());

        var table = RouteTableCompiler.Compile(snapshot, Sidecar());
        var clusters = ClusterTableCompiler.Compile(snapshot);

        Assert.Equal(Reviews("v3"), RouteTo(table, Get("reviews:9080", "/reviews/0")));
        Assert.Equal(new ClusterKey("ratings.default.svc.cluster.local", "version-v1", null), RouteTo(table, Get("ratings:9080", "/ratings/0")));
        var ratingsV1 = clusters.Clusters[new ClusterKey("ratings.default.svc.cluster.local", "version-v1", null)];
        Assert.Equal(["v1"], ratingsV1.Endpoints.Select(e => e.Labels["version"]));
        Assert.True(clusters.Clusters.ContainsKey(new ClusterKey("ratings.default.svc.cluster.local", "v2", null)));
    }

    [Fact]
    public void Analyze_RouteRuleAndVirtualServiceForOneHost_WarnsOnBoth()
    {
        var configs = Parse(Bookinfo("virtual-service-all-v1.yaml") + "\n---\n" + Legacy("route-rule-reviews-test-v2.yaml") + "\n---\n" + Legacy("destination-policy-reviews-cb.yaml") + "\n---\n" + Bookinfo("destination-rule-all.yaml"));

        var messages = ConfigAnalyzer.Analyze([.. configs], []).Where(m => m.Code == "GM0001").Select(m => m.ToString()).ToList();

        Assert.Equal(
            [
                "Warning [GM0001] (DestinationPolicy default/reviews-cb) spec.destination: DestinationPolicy default/reviews-cb (Istio 0.x) and DestinationRule default/reviews both sets traffic policy for host \"reviews.default.svc.cluster.local\"; the DestinationRule wins and the DestinationPolicy is ignored for this host: delete one (meshctl convert prints the v1 form of the DestinationPolicy)",
                "Warning [GM0001] (DestinationRule default/reviews) spec.host: DestinationPolicy default/reviews-cb (Istio 0.x) and DestinationRule default/reviews both sets traffic policy for host \"reviews.default.svc.cluster.local\"; the DestinationRule wins and the DestinationPolicy is ignored for this host: delete one (meshctl convert prints the v1 form of the DestinationPolicy)",
                "Warning [GM0001] (RouteRule default/reviews-test-v2) spec.destination: RouteRule default/reviews-test-v2 (Istio 0.x) and VirtualService default/reviews both routes host \"reviews.default.svc.cluster.local\"; the VirtualService wins and the RouteRule is ignored for this host: delete one (meshctl convert prints the v1 form of the RouteRule)",
                "Warning [GM0001] (VirtualService default/reviews) spec.hosts[0]: RouteRule default/reviews-test-v2 (Istio 0.x) and VirtualService default/reviews both routes host \"reviews.default.svc.cluster.local\"; the VirtualService wins and the RouteRule is ignored for this host: delete one (meshctl convert prints the v1 form of the RouteRule)",
            ],
            messages);
    }

    private static IReadOnlyList<Core.Blocks.Registry.ServiceInstance> BookinfoInstances() =>
    [
        Instance("productpage"), Instance("details"), Instance("ratings"), Instance("ratings", version: "v2"),
        Instance("reviews"), Instance("reviews", version: "v2"), Instance("reviews", version: "v3"),
    ];

    private static MeshSnapshot SnapshotOf(IEnumerable<ConfigResource> configs, IEnumerable<Core.Blocks.Registry.ServiceInstance> instances) =>
        new(1, configs.Select(c => KeyValuePair.Create(c.Key, c)).ToValueMap(), instances.Select(i => KeyValuePair.Create(i.Key, i)).ToValueMap());
}
