using GatewayMesh.Dashboard.Graph;
using GatewayMesh.Dashboard.Scraping;
using Xunit;

namespace GatewayMesh.UnitTests.Dashboard;

public sealed class GraphBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Labels(string reporter, string source, string destination, string code, string flags = "-", string security = "unknown") =>
        $"reporter=\"{reporter}\",source_workload=\"{source}\",source_workload_namespace=\"default\",source_app=\"{source.Split('-')[0]}\",source_version=\"v1\"," +
        $"destination_workload=\"{destination}\",destination_workload_namespace=\"default\",destination_app=\"{destination.Split('-')[0]}\",destination_version=\"v1\"," +
        $"destination_service=\"{destination.Split('-')[0]}.default.svc.cluster.local\",destination_service_name=\"{destination.Split('-')[0]}\",destination_service_namespace=\"default\"," +
        $"response_code=\"{code}\",response_flags=\"{flags}\",connection_security_policy=\"{security}\"";

    private static MeshScrape Scrape(double seconds, params string[] lines) =>
        new(T0.AddSeconds(seconds), 7, [], PrometheusTextParser.Parse(string.Join("\n", lines), _ => true));

    [Fact]
    public void Build_RatesErrorsLatencyAndLock_FromTwoScrapes()
    {
        var earlier = Scrape(0,
            $"istio_requests_total{{{Labels("source", "productpage-v1", "reviews-v1", "200")}}} 100",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"5\"}} 50",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"10\"}} 100",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"+Inf\"}} 100");
        var latest = Scrape(10,
            $"istio_requests_total{{{Labels("source", "productpage-v1", "reviews-v1", "200")}}} 190",
            $"istio_requests_total{{{Labels("source", "productpage-v1", "reviews-v1", "503", "UH")}}} 10",
            $"istio_requests_total{{{Labels("destination", "productpage-v1", "reviews-v1", "200", security: "mutual_tls")}}} 190",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"5\"}} 100",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"10\"}} 190",
            $"istio_request_duration_milliseconds_bucket{{{Labels("source", "productpage-v1", "reviews-v1", "200")},le=\"+Inf\"}} 190");

        var graph = GraphBuilder.Build(earlier, latest);

        var edge = Assert.Single(graph.Edges);
        Assert.Equal(("default/productpage-v1", "default/reviews-v1"), (edge.Source, edge.Target));
        Assert.Equal(10.0, edge.RequestsPerSecond, 6); // (90 + 10) / 10 s
        Assert.Equal(10.0, edge.ServerErrorPercent, 6);
        Assert.Equal(Health.Failure, edge.Health); // 5xx at 10 %: Kiali's failure threshold
        Assert.True(edge.MutualTls);
        Assert.Equal(["UH"], edge.Flags);
        Assert.Equal(5.0 * 45 / 50, edge.P50Milliseconds!.Value, 6); // rank 45 of 90 in the increases: inside (0, 5]
        Assert.Equal(5 + (5 * ((0.99 * 90) - 50) / 40), edge.P99Milliseconds!.Value, 6); // rank 89.1 inside (5, 10]
        Assert.Equal(Health.Failure, graph.Nodes.Single(n => n.Id == "default/reviews-v1").Health);
    }

    [Theory]
    [InlineData(100, 0, 0, "Healthy")]
    [InlineData(100, 9, 0, "Healthy")]
    [InlineData(100, 10, 0, "Failure")]
    [InlineData(100, 0, 9, "Healthy")]
    [InlineData(100, 0, 10, "Degraded")]
    [InlineData(100, 0, 19, "Degraded")]
    [InlineData(100, 0, 20, "Failure")]
    [InlineData(0, 0, 0, "Idle")]
    public void Of_KialisDefaultThresholds(double requests, double serverErrors, double clientErrors, string expected)
    {
        Assert.Equal(expected, HealthThresholds.Of(requests, serverErrors, clientErrors).ToString());
    }

    [Fact]
    public void Build_AbortedAtTheClient_EdgeIsRedEvenThoughTheServerNeverSawIt()
    {
        var earlier = Scrape(0, $"istio_requests_total{{{Labels("source", "reviews-v2", "ratings-v1", "200")}}} 40");
        var latest = Scrape(10,
            $"istio_requests_total{{{Labels("source", "reviews-v2", "ratings-v1", "200")}}} 40",
            $"istio_requests_total{{{Labels("source", "reviews-v2", "ratings-v1", "500", "FI")}}} 20");
        var edge = Assert.Single(GraphBuilder.Build(earlier, latest).Edges);
        Assert.Equal(Health.Failure, edge.Health);
        Assert.Equal(100, edge.ServerErrorPercent);
    }

    [Fact]
    public void Build_CounterReset_CountsTheNewValue_AndUnknownDestinationIsAServiceNode()
    {
        var unknown = Labels("source", "productpage-v1", "unknown", "503", "UH").Replace("destination_service_name=\"unknown\"", "destination_service_name=\"details\"", StringComparison.Ordinal);
        var earlier = Scrape(0, $"istio_requests_total{{{Labels("source", "productpage-v1", "reviews-v1", "200")}}} 500");
        var latest = Scrape(5, $"istio_requests_total{{{Labels("source", "productpage-v1", "reviews-v1", "200")}}} 20", $"istio_requests_total{{{unknown}}} 5");
        var graph = GraphBuilder.Build(earlier, latest);
        Assert.Equal(4.0, graph.Edges.Single(e => e.Target == "default/reviews-v1").RequestsPerSecond, 6);
        var serviceNode = graph.Nodes.Single(n => n.Kind == "service");
        Assert.Equal("details", serviceNode.Name);
    }

    [Fact]
    public void Build_ProxyStatus_SyncedStaleDown()
    {
        var now = Scrape(0) with
        {
            Proxies =
            [
                new ProxyStatus { Target = new ProxyTarget("127.0.0.1:1", "productpage-v1", "sidecar", "productpage", "v1"), Up = true, Revision = 7 },
                new ProxyStatus { Target = new ProxyTarget("127.0.0.1:2", "reviews-v1", "sidecar", "reviews", "v1"), Up = true, Revision = 5, Ejected = ["outbound|||ratings 127.0.0.1:9"] },
                new ProxyStatus { Target = new ProxyTarget("127.0.0.1:3", "ingress", "ingress", "istio-ingressgateway", null), Up = false, Error = "refused" },
            ],
        };
        var nodes = GraphBuilder.Build(now, now).Nodes.ToDictionary(n => n.Id);
        Assert.Equal("SYNCED", nodes["default/productpage-v1"].Proxy!.Sync);
        Assert.Equal("STALE", nodes["default/reviews-v1"].Proxy!.Sync);
        Assert.Equal(["outbound|||ratings 127.0.0.1:9"], nodes["default/reviews-v1"].Proxy!.Ejected);
        Assert.Equal("DOWN", nodes["istio-system/istio-ingressgateway"].Proxy!.Sync);
    }

    [Fact]
    public void Of_HistogramQuantile_InterpolatesLikePromQL()
    {
        (double, double)[] buckets = [(1, 0), (5, 50), (10, 90), (double.PositiveInfinity, 100)];
        Assert.Equal(5.0, Quantiles.Of(0.5, buckets)!.Value, 6);
        Assert.Equal(7.5, Quantiles.Of(0.7, buckets)!.Value, 6);
        Assert.Equal(10.0, Quantiles.Of(0.99, buckets)!.Value, 6); // in +Inf: the highest finite bound
        Assert.Null(Quantiles.Of(0.5, [(5, 0), (double.PositiveInfinity, 0)]));
    }
}
