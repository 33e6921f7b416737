using GatewayMesh.Core.Analysis;
using Xunit;

namespace GatewayMesh.UnitTests.Analysis;

public class ConfigAnalyzerTests
{
    private const string ReviewsRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}
        ---

        """;

    private static string VirtualService(string name, string spec, string ns = "default") => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec: {spec}
        ---

        """;

    private static string Gateway(string name, string ns = "default") => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec: {"{"}servers: [{"{"}port: {"{"}number: 80, name: http, protocol: HTTP{"}"}, hosts: ["*"]{"}"}]{"}"}
        ---

        """;

    [Fact]
    public void Analyze_BookinfoGatewayRulesAndAllV1_WithBookinfoInstances_HasNoWarnings()
    {
        var configs = new[] { "bookinfo-gateway.yaml", "destination-rule-all.yaml", "virtual-service-all-v1.yaml" }
            .SelectMany(AnalysisHarness.BookinfoFile).ToList();

        Assert.Empty(ConfigAnalyzer.Analyze(configs, AnalysisHarness.BookinfoInstances()));
    }

    [Theory]
    [InlineData("virtual-service-reviews-test-v2.yaml")]
    [InlineData("virtual-service-reviews-90-10.yaml")]
    [InlineData("virtual-service-reviews-v2-v3.yaml")]
    [InlineData("virtual-service-ratings-test-delay.yaml")]
    public void Analyze_BookinfoAlternativeRoutes_WithRulesAndInstances_HaveNoWarnings(string fileName)
    {
        var configs = new[] { "bookinfo-gateway.yaml", "destination-rule-all.yaml", fileName }.SelectMany(AnalysisHarness.BookinfoFile).ToList();

        Assert.Empty(ConfigAnalyzer.Analyze(configs, AnalysisHarness.BookinfoInstances()));
    }

    [Fact]
    public void Analyze_SubsetNoRuleDefines_WarnsIst0101()
    {
        var messages = AnalysisHarness.Analyze(ReviewsRule + VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v4}}]}]}"));

        Assert.Equal(["Warning [IST0101] (VirtualService default/reviews) spec.http[0].route[0].destination.subset: Referenced host+subset in destinationrule not found: \"reviews+v4\""], messages);
    }

    [Fact]
    public void Analyze_SubsetWithoutAnyRuleForTheHost_WarnsIst0101()
    {
        var messages = AnalysisHarness.Analyze(VirtualService("ratings", "{hosts: [ratings], http: [{route: [{destination: {host: ratings, subset: v1}}]}]}"));

        Assert.Equal(["Warning [IST0101] (VirtualService default/ratings) spec.http[0].route[0].destination.subset: Referenced host+subset in destinationrule not found: \"ratings+v1\""], messages);
    }

    [Fact]
    public void Analyze_SubsetsInMirrorsTlsAndTcpRoutes_AreChecked()
    {
        var messages = AnalysisHarness.Analyze(ReviewsRule + VirtualService("reviews", """
            {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}], mirror: {host: reviews, subset: v9}, mirrors: [{destination: {host: reviews, subset: v8}}]}],
             tls: [{match: [{sniHosts: [reviews]}], route: [{destination: {host: reviews, subset: v7}}]}],
             tcp: [{route: [{destination: {host: reviews.default.svc.cluster.local, subset: v2}}, {destination: {host: reviews, subset: v6}}]}]}
            """));

        Assert.Equal(
            [
                "Warning [IST0101] (VirtualService default/reviews) spec.http[0].mirror.subset: Referenced host+subset in destinationrule not found: \"reviews+v9\"",
                "Warning [IST0101] (VirtualService default/reviews) spec.http[0].mirrors[0].destination.subset: Referenced host+subset in destinationrule not found: \"reviews+v8\"",
                "Warning [IST0101] (VirtualService default/reviews) spec.tcp[0].route[1].destination.subset: Referenced host+subset in destinationrule not found: \"reviews+v6\"",
                "Warning [IST0101] (VirtualService default/reviews) spec.tls[0].route[0].destination.subset: Referenced host+subset in destinationrule not found: \"reviews+v7\"",
            ],
            messages);
    }

    [Fact]
    public void Analyze_RuleInOtherNamespaceForFqdnHost_DefinesTheSubset()
    {
        var rule = ReviewsRule.Replace("metadata: {name: reviews}", "metadata: {name: reviews, namespace: ops}", StringComparison.Ordinal)
            .Replace("host: reviews,", "host: reviews.default.svc.cluster.local,", StringComparison.Ordinal);

        Assert.Empty(AnalysisHarness.Analyze(rule + VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews.default, subset: v2}}]}]}")));
    }

    [Fact]
    public void Analyze_GatewayThatDoesNotExist_WarnsIst0101()
    {
        var messages = AnalysisHarness.Analyze(VirtualService("bookinfo", "{hosts: [\"*\"], gateways: [bookinfo-gateway, mesh], http: [{route: [{destination: {host: productpage}}]}]}"));

        Assert.Equal(["Warning [IST0101] (VirtualService default/bookinfo) spec.gateways[0]: Referenced gateway not found: \"bookinfo-gateway\""], messages);
    }

    [Fact]
    public void Analyze_GatewayReferences_ResolveShortNamesInTheVirtualServiceNamespace()
    {
        var messages = AnalysisHarness.Analyze(
            Gateway("edge", "istio-system") +
            VirtualService("a", "{hosts: [a.example.com], gateways: [istio-system/edge], http: [{route: [{destination: {host: a}}]}]}") +
            VirtualService("b", "{hosts: [b.example.com], gateways: [edge], http: [{match: [{gateways: [istio-system/missing]}], route: [{destination: {host: b}}]}]}"));

        Assert.Equal(
            [
                "Warning [IST0101] (VirtualService default/b) spec.gateways[0]: Referenced gateway not found: \"edge\"",
                "Warning [IST0101] (VirtualService default/b) spec.http[0].match[0].gateways[0]: Referenced gateway not found: \"istio-system/missing\"",
            ],
            messages);
    }

    [Fact]
    public void Analyze_DestinationHostNoServiceProvides_WarnsIst0101()
    {
        var messages = AnalysisHarness.Analyze(VirtualService("foo", "{hosts: [foo], http: [{route: [{destination: {host: foo}}]}]}"), AnalysisHarness.BookinfoInstances());

        Assert.Equal(["Warning [IST0101] (VirtualService default/foo) spec.http[0].route[0].destination.host: Referenced host not found: \"foo\""], messages);
    }

    [Fact]
    public void Analyze_DestinationHostForms_AllFindTheRegisteredService()
    {
        var messages = AnalysisHarness.Analyze(
            VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews}, weight: 50}, {destination: {host: reviews.default}, weight: 25}, {destination: {host: reviews.default.svc.cluster.local}, weight: 25}]}]}") +
            VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}", ns: "prod"),
            AnalysisHarness.BookinfoInstances());

        Assert.Equal(["Warning [IST0101] (VirtualService prod/reviews) spec.http[0].route[0].destination.host: Referenced host not found: \"reviews\""], messages);
    }

    [Fact]
    public void Analyze_DestinationHostProvidedByServiceEntry_IsFound()
    {
        var messages = AnalysisHarness.Analyze(
            """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: external}
            spec: {hosts: ["*.example.com", db.internal], ports: [{number: 443, name: https, protocol: TLS}], resolution: NONE}
            ---

            """ +
            VirtualService("api", "{hosts: [api.example.com], http: [{route: [{destination: {host: api.example.com}}], mirror: {host: db.internal}}]}"),
            AnalysisHarness.BookinfoInstances());

        Assert.Empty(messages);
    }

    [Fact]
    public void Analyze_WithoutInstances_SkipsHostExistence()
    {
        Assert.Empty(AnalysisHarness.Analyze(VirtualService("foo", "{hosts: [foo], http: [{route: [{destination: {host: foo}}]}]}")));
    }

    [Fact]
    public void Analyze_DestinationRuleHostNoServiceProvides_WarnsIst0101()
    {
        var messages = AnalysisHarness.Analyze(
            """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: ghost}
            spec: {host: ghost}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: any}
            spec: {host: "*.example.com"}
            """,
            AnalysisHarness.BookinfoInstances());

        Assert.Equal(["Warning [IST0101] (DestinationRule default/ghost) spec.host: Referenced host not found: \"ghost\""], messages);
    }

    [Fact]
    public void Analyze_TwoMeshVirtualServicesForTheSameHost_WarnIst0109OnBoth()
    {
        var messages = AnalysisHarness.Analyze(
            VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}") +
            VirtualService("reviews-canary", "{hosts: [reviews.default.svc.cluster.local], gateways: [mesh], http: [{route: [{destination: {host: reviews}}]}]}"));

        const string Text = "The VirtualServices default/reviews, default/reviews-canary bound to the mesh gateway define the same host \"reviews.default.svc.cluster.local\", which leaves routing undefined; merge them into one VirtualService";
        Assert.Equal(
            [
                $"Warning [IST0109] (VirtualService default/reviews) spec.hosts[0]: {Text}",
                $"Warning [IST0109] (VirtualService default/reviews-canary) spec.hosts[0]: {Text}",
            ],
            messages);
    }

    [Fact]
    public void Analyze_TwoVirtualServicesForTheSameHostOnOneGateway_WarnIst0109()
    {
        var messages = AnalysisHarness.Analyze(
            Gateway("gw") + Gateway("other") +
            VirtualService("a", "{hosts: [\"*\", a.example.com], gateways: [gw], http: [{route: [{destination: {host: productpage}}]}]}") +
            VirtualService("b", "{hosts: [b.example.com, \"*\"], gateways: [default/gw], http: [{route: [{destination: {host: productpage}}]}]}") +
            VirtualService("c", "{hosts: [\"*\"], gateways: [other], http: [{route: [{destination: {host: productpage}}]}]}"));

        const string Text = "The VirtualServices default/a, default/b bound to gateway default/gw define the same host \"*\", which leaves routing undefined; merge them into one VirtualService";
        Assert.Equal(
            [
                $"Warning [IST0109] (VirtualService default/a) spec.hosts[0]: {Text}",
                $"Warning [IST0109] (VirtualService default/b) spec.hosts[1]: {Text}",
            ],
            messages);
    }

    [Fact]
    public void Analyze_SameHostInDifferentNamespacesOrGateways_DoesNotConflict()
    {
        Assert.Empty(AnalysisHarness.Analyze(
            Gateway("gw") +
            VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}") +
            VirtualService("reviews", "{hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}", ns: "prod") +
            VirtualService("edge", "{hosts: [reviews], gateways: [gw], http: [{route: [{destination: {host: reviews}}]}]}")));
    }

    [Fact]
    public void Analyze_Messages_AreOrderedByResourceThenPath()
    {
        var messages = ConfigAnalyzer.Analyze(
            AnalysisHarness.Parse(
                VirtualService("zeta", "{hosts: [z], gateways: [nope], http: [{route: [{destination: {host: z, subset: a}}]}]}") +
                VirtualService("alpha", "{hosts: [a], http: [" + string.Join(", ", Enumerable.Range(0, 11).Select(i => $"{{route: [{{destination: {{host: a, subset: s{i}}}}}]}}")) + "]}") +
                ReviewsRule.Replace("host: reviews", "host: ghost", StringComparison.Ordinal)),
            AnalysisHarness.BookinfoInstances());

        Assert.Equal(
            [
                "DestinationRule default/reviews spec.host",
                .. Enumerable.Range(0, 11).SelectMany(i => new[] { $"VirtualService default/alpha spec.http[{i}].route[0].destination.host", $"VirtualService default/alpha spec.http[{i}].route[0].destination.subset" }),
                "VirtualService default/zeta spec.gateways[0]",
                "VirtualService default/zeta spec.http[0].route[0].destination.host",
                "VirtualService default/zeta spec.http[0].route[0].destination.subset",
            ],
            messages.Select(m => $"{m.Resource} {m.Path}"));
        Assert.All(messages, m => Assert.Equal(AnalysisLevel.Warning, m.Level));
    }
}
