using System.Text.Json;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Dashboard.Api;
using GatewayMesh.Dashboard.Scraping;
using GatewayMesh.Dashboard.Traces;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.UnitTests.Dashboard;

public sealed class DashboardPiecesTests
{
    [Fact]
    public void Parse_PrometheusText_UnescapesAndSkipsJunk()
    {
        var samples = PrometheusTextParser.Parse(
            "# HELP x y\nistio_requests_total{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 12 1700000000\nbroken{a=\"x} 1\nother 2\nistio_requests_total 3.5e2\nistio_requests_total{le=\"+Inf\"} +Inf\n",
            name => name == "istio_requests_total");
        Assert.Equal(3, samples.Count);
        Assert.Equal("q\"uote", samples[0].Label("a"));
        Assert.Equal("back\\slash", samples[0].Label("b"));
        Assert.Equal("new\nline", samples[0].Label("c"));
        Assert.Equal(12, samples[0].Value);
        Assert.Equal(350, samples[1].Value);
        Assert.True(double.IsPositiveInfinity(samples[2].Value));
    }

    [Fact]
    public void IsAuthorized_OnlyTheExactBearerToken()
    {
        static HttpRequest Request(string? header)
        {
            var context = new DefaultHttpContext();
            if (header is not null)
            {
                context.Request.Headers.Authorization = header;
            }

            return context.Request;
        }

        Assert.True(TokenCheck.IsAuthorized(Request("Bearer s3cret"), "s3cret"));
        Assert.False(TokenCheck.IsAuthorized(Request("Bearer s3cre"), "s3cret"));
        Assert.False(TokenCheck.IsAuthorized(Request("Basic s3cret"), "s3cret"));
        Assert.False(TokenCheck.IsAuthorized(Request(null), "s3cret"));
        Assert.False(TokenCheck.IsAuthorized(Request("Bearer "), ""));
    }

    [Fact]
    public void Decode_OtlpExportRequest_ReadsSpansWithServiceAndParents()
    {
        var body = OtlpBodies.Request("istio-ingressgateway.istio-system",
            OtlpBodies.Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "productpage:9080/productpage", kind: 3, start: 1_000, end: 9_000,
                ("istio.canonical_service", "istio-ingressgateway"), ("http.status_code", 200L)),
            OtlpBodies.Span("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7", "b7ad6b7169203331", "productpage.default.svc.cluster.local:9080/productpage", kind: 2, start: 2_000, end: 8_000));
        var spans = OtlpTraceDecoder.Decode(body);
        Assert.Equal(2, spans.Count);
        Assert.Equal("istio-ingressgateway.istio-system", spans[0].Service);
        Assert.Equal("CLIENT", spans[0].Kind);
        Assert.Null(spans[0].ParentSpanId);
        Assert.Equal("200", spans[0].Attributes["http.status_code"]);
        Assert.Equal("b7ad6b7169203331", spans[1].ParentSpanId);
        Assert.Equal("SERVER", spans[1].Kind);

        var store = new TraceStore(maxTraces: 2);
        store.Add(spans);
        var summary = Assert.Single(store.List());
        Assert.Equal("productpage:9080/productpage", summary.Root);
        Assert.Equal(2, summary.Spans);
        Assert.Equal(0.008, summary.DurationMilliseconds, 6);
    }

    [Fact]
    public void Decode_Garbage_Throws_AndStoreKeepsTheNewestTraces()
    {
        Assert.ThrowsAny<InvalidProtocolBufferException>(() => OtlpTraceDecoder.Decode(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x0f }));
        var store = new TraceStore(maxTraces: 2);
        foreach (var id in new[] { "01", "02", "03" })
        {
            store.Add([new SpanRecord(id, "s" + id, null, "n", "SERVER", "svc", 0, 1, new Dictionary<string, string>(), "UNSET")]);
        }

        Assert.Equal(["03", "02"], store.List().Select(t => t.TraceId));
        Assert.Null(store.Get("01"));
    }

    [Theory]
    [InlineData("""{"kind":"VirtualService","metadata":{"name":"r","namespace":"default"},"spec":{"hosts":["reviews"]}}""", "host")]
    [InlineData("""{"kind":"VirtualService","metadata":{"name":"p","namespace":"default"},"spec":{"hosts":["x"],"http":[{"route":[{"destination":{"host":"reviews.default.svc.cluster.local"}}]}]}}""", "routes to it")]
    [InlineData("""{"kind":"DestinationRule","metadata":{"name":"r","namespace":"default"},"spec":{"host":"reviews"}}""", "host")]
    [InlineData("""{"kind":"AuthorizationPolicy","metadata":{"name":"a","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"reviews"}}}}""", "selects its workloads")]
    [InlineData("""{"kind":"AuthorizationPolicy","metadata":{"name":"a","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"ratings"}}}}""", null)]
    [InlineData("""{"kind":"PeerAuthentication","metadata":{"name":"m","namespace":"istio-system"},"spec":{"mtls":{"mode":"STRICT"}}}""", "mesh-wide")]
    [InlineData("""{"kind":"Telemetry","metadata":{"name":"t","namespace":"default"},"spec":{}}""", "namespace-wide")]
    [InlineData("""{"kind":"DestinationRule","metadata":{"name":"d","namespace":"default"},"spec":{"host":"details"}}""", null)]
    public void Why_ConfigThatAppliesToAService(string resource, string? expected)
    {
        using var document = JsonDocument.Parse(resource);
        Assert.Equal(expected, ConfigLookup.Why(document.RootElement, "reviews", "default"));
    }

    [Fact]
    public void LogLines_SplitProxyAndAppLines()
    {
        string[] log =
        [
            "--- started 2024-05-01T12:00:00Z",
            "sidecar reviews inbound http://127.0.0.1:1 outbound http://127.0.0.1:2 admin http://127.0.0.1:3",
            "info: GatewayMesh.Sidecar.Supervision.AppSupervisor[5023]",
            "      app: bookinfo reviews-v1-a listening on http://127.0.0.1:4",
            "[2024-05-01T12:00:01.000Z] \"GET /reviews/0 HTTP/1.1\" 200 - via_upstream - \"-\" 0 10 1 1 \"-\" \"-\" \"r\" \"reviews:9080\" \"127.0.0.1:4\" inbound|9080|| - - - - -",
            "info: GatewayMesh.Sidecar.Supervision.AppSupervisor[5023]",
            "info: GatewayMesh.Sidecar.Registration.RegistrationService[5010]",
            "      Registered reviews-v1-a on port 1",
        ];
        var proxy = new LogLines(LogSource.Proxy);
        var app = new LogLines(LogSource.App);
        var proxyLines = log.SelectMany(proxy.Accept).ToList();
        var appLines = log.SelectMany(app.Accept).ToList();
        Assert.Equal(["bookinfo reviews-v1-a listening on http://127.0.0.1:4"], appLines);
        Assert.Equal(6, proxyLines.Count);
        Assert.DoesNotContain(proxyLines, l => l.Contains("app: bookinfo", StringComparison.Ordinal));
        Assert.Contains("info: GatewayMesh.Sidecar.Supervision.AppSupervisor[5023]", proxyLines); // not followed by an app line: kept
    }
}
