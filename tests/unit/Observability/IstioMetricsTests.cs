using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Expressions;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Pipeline;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class IstioMetricsTests
{
    private static readonly WorkloadInfo ProductPage = WorkloadInfo.From("productpage-v1", "default", Labels(("app", "productpage"), ("version", "v1")), "Kubernetes");
    private static readonly WorkloadInfo Reviews = WorkloadInfo.From("reviews-v2", "default", Labels(("app", "reviews"), ("version", "v2")), "Kubernetes");

    private static ValueMap<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value).ToValueMap();

    private static MetricRecord Record(Reporter reporter = Reporter.Destination, int code = 200, ResponseFlags flags = ResponseFlags.None, long micros = 3_000) => new()
    {
        Reporter = reporter,
        Source = ProductPage,
        Destination = Reviews,
        Service = ServiceInfo.ForHost("reviews.default.svc.cluster.local"),
        SourcePrincipal = "spiffe://cluster.local/ns/default/sa/productpage",
        DestinationPrincipal = "spiffe://cluster.local/ns/default/sa/reviews",
        Protocol = RequestProtocol.Http,
        Security = reporter == Reporter.Destination ? ConnectionSecurity.MutualTls : ConnectionSecurity.Unknown,
        ResponseCode = code,
        GrpcStatus = -1,
        Flags = flags,
        RequestBytes = 0,
        ResponseBytes = 420,
        DurationMicroseconds = micros,
    };

    private static string Expose(IstioMetricsRecorder recorder)
    {
        var text = new System.Text.StringBuilder();
        IstioMetricsExposition.Write(recorder, text);
        return text.ToString();
    }

    [Fact]
    public void Write_OneEdge_HasIstiosNamesLabelsAndBuckets()
    {
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(), StandardMetrics.All);
        recorder.Record(Record(), StandardMetrics.All);
        var text = Expose(recorder);

        const string labels = "reporter=\"destination\",source_workload=\"productpage-v1\",source_canonical_service=\"productpage\",source_canonical_revision=\"v1\"," +
            "source_workload_namespace=\"default\",source_principal=\"spiffe://cluster.local/ns/default/sa/productpage\",source_app=\"productpage\",source_version=\"v1\"," +
            "source_cluster=\"Kubernetes\",destination_workload=\"reviews-v2\",destination_workload_namespace=\"default\"," +
            "destination_principal=\"spiffe://cluster.local/ns/default/sa/reviews\",destination_app=\"reviews\",destination_version=\"v2\"," +
            "destination_service=\"reviews.default.svc.cluster.local\",destination_canonical_service=\"reviews\",destination_canonical_revision=\"v2\"," +
            "destination_service_name=\"reviews\",destination_service_namespace=\"default\",destination_cluster=\"Kubernetes\",request_protocol=\"http\"," +
            "response_code=\"200\",grpc_response_status=\"\",response_flags=\"-\",connection_security_policy=\"mutual_tls\"";
        Assert.Contains("# TYPE istio_requests_total counter\n", text);
        Assert.Contains($"istio_requests_total{{{labels}}} 2\n", text);
        Assert.Contains("# TYPE istio_request_duration_milliseconds histogram\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_bucket{{{labels},le=\"1\"}} 0\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_bucket{{{labels},le=\"5\"}} 2\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_bucket{{{labels},le=\"3600000\"}} 2\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_bucket{{{labels},le=\"+Inf\"}} 2\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_sum{{{labels}}} 6\n", text);
        Assert.Contains($"istio_request_duration_milliseconds_count{{{labels}}} 2\n", text);
        Assert.Contains($"istio_response_bytes_bucket{{{labels},le=\"1000\"}} 2\n", text);
        Assert.Contains($"istio_request_bytes_bucket{{{labels},le=\"1\"}} 2\n", text);
        Assert.Equal(20, text.Split('\n').Count(l => l.StartsWith("istio_request_duration_milliseconds_bucket", StringComparison.Ordinal)));
        Assert.DoesNotContain("istio_tcp", text);
    }

    [Fact]
    public void Write_SourceReporter_SaysUnknownSecurityPolicy()
    {
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(Reporter.Source), StandardMetrics.All);
        var text = Expose(recorder);
        Assert.Contains("reporter=\"source\"", text);
        Assert.Contains("connection_security_policy=\"unknown\"", text);
    }

    [Theory]
    [InlineData(ResponseFlags.None, "-")]
    [InlineData(ResponseFlags.NoHealthyUpstream, "UH")]
    [InlineData(ResponseFlags.UpstreamConnectionFailure, "UF")]
    [InlineData(ResponseFlags.UpstreamOverflow, "UO")]
    [InlineData(ResponseFlags.UpstreamRetryLimitExceeded | ResponseFlags.UpstreamConnectionFailure, "UF,URX")]
    [InlineData(ResponseFlags.UpstreamConnectionTermination, "UC")]
    [InlineData(ResponseFlags.UpstreamRequestTimeout, "UT")]
    [InlineData(ResponseFlags.NoRoute, "NR")]
    [InlineData(ResponseFlags.DownstreamConnectionTermination, "DC")]
    [InlineData(ResponseFlags.DelayInjected, "DI")]
    [InlineData(ResponseFlags.FaultInjected, "FI")]
    [InlineData(ResponseFlags.DelayInjected | ResponseFlags.FaultInjected, "DI,FI")]
    [InlineData(ResponseFlags.RateLimited, "RL")]
    [InlineData(ResponseFlags.UnauthorizedExternalService, "UAEX")]
    [InlineData(ResponseFlags.RbacAccessDenied, "-")]
    public void ToEnvoyString_EachFailureKind_IsEnvoysShortCode(ResponseFlags flags, string expected)
    {
        Assert.Equal(expected, ResponseFlagsFormat.ToEnvoyString(flags));
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(flags: flags, code: 503), StandardMetrics.RequestCount);
        Assert.Contains($"response_flags=\"{expected}\"", Expose(recorder));
    }

    [Fact]
    public void Record_DistinctCodesAndFlags_AreDistinctSeries_SameOnesShareOne()
    {
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(code: 200), StandardMetrics.All);
        recorder.Record(Record(code: 200), StandardMetrics.All);
        recorder.Record(Record(code: 503, flags: ResponseFlags.NoHealthyUpstream), StandardMetrics.All);
        recorder.Record(Record(code: 500, flags: ResponseFlags.FaultInjected), StandardMetrics.All);
        Assert.Equal(3, recorder.EdgeCount);
        var lines = Expose(recorder).Split('\n').Where(l => l.StartsWith("istio_requests_total{", StringComparison.Ordinal)).ToArray();
        Assert.Contains(lines, l => l.Contains("response_code=\"200\"", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("response_code=\"503\"", StringComparison.Ordinal) && l.Contains("response_flags=\"UH\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("response_code=\"500\"", StringComparison.Ordinal) && l.Contains("response_flags=\"FI\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_DisabledMetric_LeavesNoSeries()
    {
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(), StandardMetrics.RequestCount | StandardMetrics.RequestDuration);
        var text = Expose(recorder);
        Assert.Contains("istio_requests_total{", text);
        Assert.DoesNotContain("istio_request_bytes", text);
        Assert.DoesNotContain("istio_response_bytes", text);
    }

    [Fact]
    public void Record_ExistingEdge_AllocatesNothing()
    {
        var recorder = new IstioMetricsRecorder();
        var record = Record();
        recorder.Record(record, StandardMetrics.All);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            recorder.Record(record, StandardMetrics.All);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Record_BeyondEdgeCap_IsCountedNotKept()
    {
        var recorder = new IstioMetricsRecorder(maxEdges: 2);
        for (var code = 200; code < 205; code++)
        {
            recorder.Record(Record(code: code), StandardMetrics.All);
        }

        Assert.Equal(2, recorder.EdgeCount);
        Assert.Equal(3, recorder.DroppedRecords);
    }

    [Fact]
    public void Write_TagOverrides_RemoveAndUpsertLabels_MergingSeriesThatCoincide()
    {
        var shape = new TagShape(new Dictionary<StandardMetrics, IReadOnlyList<TagOperationSpec>>
        {
            [StandardMetrics.RequestCount] = [new("request_host", CelProgram.Compile("request.host")), new("source_principal", null)],
        });
        var recorder = new IstioMetricsRecorder();
        recorder.Record(Record(), StandardMetrics.All, shape, ["a.example"]);
        recorder.Record(Record(), StandardMetrics.All, shape, ["b.example"]);
        var text = Expose(recorder);
        var counts = text.Split('\n').Where(l => l.StartsWith("istio_requests_total{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, counts.Length);
        Assert.All(counts, l => Assert.DoesNotContain("source_principal", l));
        Assert.Contains(counts, l => l.Contains(",request_host=\"a.example\"}", StringComparison.Ordinal));
        // the duration histogram has no override: both edges are one series there
        Assert.Contains("istio_request_duration_milliseconds_count{", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("istio_request_duration_milliseconds_count{", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_HostileLabelValues_AreEscapedAndCut()
    {
        var hostile = WorkloadInfo.From("evil\"} 1\nfake_metric{a=\"b", "ns\\x", Labels(("app", new string('a', 5000))), "c");
        var recorder = new IstioMetricsRecorder();
        var record = Record();
        record.Source = hostile;
        recorder.Record(record, StandardMetrics.RequestCount);
        var text = Expose(recorder);
        Assert.DoesNotContain("\nfake_metric", text);
        Assert.Contains("source_workload=\"evil\\\"} 1_fake_metric{a=\\\"b\"", text);
        Assert.Contains("source_workload_namespace=\"ns\\\\x\"", text);
        Assert.Contains($"source_app=\"{new string('a', WorkloadInfo.MaxValueLength)}\"", text);
        Assert.Equal(3, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // HELP, TYPE, one sample
    }

    [Fact]
    public void RecordTcp_CountsConnectionsAndBytes()
    {
        var recorder = new IstioMetricsRecorder();
        var record = Record(Reporter.Source);
        recorder.RecordTcp(record, opened: 1, closed: 0, sent: 0, received: 0, StandardMetrics.All);
        recorder.RecordTcp(record, opened: 0, closed: 1, sent: 120, received: 4096, StandardMetrics.All);
        var text = Expose(recorder);
        Assert.Contains("# TYPE istio_tcp_connections_opened_total counter", text);
        Assert.Matches("istio_tcp_connections_opened_total\\{[^}]*request_protocol=\"tcp\",response_flags=\"-\",connection_security_policy=\"unknown\"\\} 1\n", text);
        Assert.Matches("istio_tcp_sent_bytes_total\\{[^}]*\\} 120\n", text);
        Assert.Matches("istio_tcp_received_bytes_total\\{[^}]*\\} 4096\n", text);
        Assert.DoesNotContain("response_code=", text);
    }
}
