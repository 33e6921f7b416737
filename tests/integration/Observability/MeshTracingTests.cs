using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>
/// Traces on the real local mesh (<c>meshctl up --tracing</c>: every proxy exports over OTLP/HTTP to the dashboard's
/// receiver, which decodes and stores what arrives): one Bookinfo call that an outside client started with B3 headers
/// becomes one trace ingress → productpage → reviews → ratings, each hop's span the child of the one before, joined
/// to the client's trace and span.
/// </summary>
[Collection(ObservabilityMeshCollection.Name)]
public sealed class MeshTracingTests(ObservabilityMeshFixture fixture)
{
    [Fact]
    public async Task BookinfoCall_StartedWithB3_OneTraceFromIngressToRatings_WithParentChildLinks()
    {
        // The mesh routes reviews to v1 (which never calls ratings); Istio's "test-v2" routing sends jason to v2, which does.
        await ApplyBookinfoAsync("virtual-service-reviews-test-v2.yaml");
        try
        {
            await AssertOneTraceToRatingsAsync();
        }
        finally
        {
            await ApplyBookinfoAsync("virtual-service-all-v1.yaml");
        }
    }

    private async Task AssertOneTraceToRatingsAsync()
    {
        // Each attempt is a new call with its own B3 trace (the routing may still be reaching the proxies).
        var started = new List<(string TraceId, string SpanId)>();
        List<Span>? spans = null;
        (string TraceId, string SpanId) client = default;
        await MeshObservabilityTests.Eventually(async () =>
        {
            var trace = (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{fixture.IngressPort}/productpage");
            request.Headers.TryAddWithoutValidation("end-user", "jason");
            request.Headers.TryAddWithoutValidation("x-b3-traceid", trace.Item1);
            request.Headers.TryAddWithoutValidation("x-b3-spanid", trace.Item2);
            request.Headers.TryAddWithoutValidation("x-b3-sampled", "1");
            using var response = await fixture.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            started.Add(trace);

            var seen = new List<List<Span>>();
            foreach (var candidate in started)
            {
                var found = await TraceAsync(candidate.TraceId);
                // Complete once all 8 spans arrived (each proxy exports on its own, the outer hops end last): the
                // ingress, and a client and a server span for productpage, details, reviews and ratings. The count alone
                // is not enough: productpage's retry of reviews adds spans, and productpage's own server span, the
                // outermost on its proxy, ends after the others and can come in a later export.
                if (found.Any(s => s.Service == "ratings.default") && found.Any(s => s.Service == "istio-ingressgateway.istio-system")
                    && found.Any(s => s.Service == "productpage.default" && s.Kind == "SERVER") && found.Count >= 8)
                {
                    (spans, client) = (found, candidate);
                    return null;
                }

                seen.Add(found);
            }

            return "no trace reached ratings yet: " + string.Join("; ", started.Zip(seen, (t, found) =>
                $"{t.TraceId}: [{string.Join(", ", found.Select(s => $"{s.Service} {s.Kind} {s.Name} {s.SpanId}<-{s.ParentSpanId}"))}]"));
        });

        Assert.All(spans!, s => Assert.Equal(client.TraceId, s.TraceId));
        var ingress = Assert.Single(spans!, s => s.Service == "istio-ingressgateway.istio-system");
        Assert.Equal("CLIENT", ingress.Kind);
        Assert.Equal(client.SpanId, ingress.ParentSpanId); // the B3 input joined the trace
        Assert.EndsWith("/productpage", ingress.Name, StringComparison.Ordinal);
        Assert.Equal("200", ingress.Attributes["http.status_code"]);

        var productpage = Child(spans!, ingress, "productpage.default", "SERVER");
        Assert.Contains(spans!, s => s.ParentSpanId == productpage.SpanId && s.Kind == "CLIENT" && s.Name.StartsWith("details", StringComparison.Ordinal));

        // From ratings up to the ingress, each span the child of the hop before (an app may call more than once: productpage
        // retries reviews once, so any ratings span will do).
        var ratings = spans!.First(s => s.Service == "ratings.default" && s.Kind == "SERVER");
        Assert.Equal("ratings", ratings.Attributes["istio.canonical_service"]);
        Assert.Equal("default", ratings.Attributes["istio.namespace"]);
        Assert.StartsWith("inbound|", ratings.Attributes["upstream_cluster"], StringComparison.Ordinal);
        var toRatings = Parent(spans!, ratings, "reviews.default", "CLIENT");
        Assert.StartsWith("ratings", toRatings.Name, StringComparison.Ordinal);
        Assert.StartsWith("outbound|", toRatings.Attributes["upstream_cluster"], StringComparison.Ordinal);
        var reviews = Parent(spans!, toRatings, "reviews.default", "SERVER");
        var toReviews = Parent(spans!, reviews, "productpage.default", "CLIENT");
        Assert.StartsWith("reviews", toReviews.Name, StringComparison.Ordinal);
        Assert.Equal(productpage.SpanId, toReviews.ParentSpanId);
        // Every span of the trace carries the request id the ingress gave the call.
        Assert.Single(spans!.Select(s => s.Attributes.GetValueOrDefault("guid:x-request-id")).Distinct());
    }

    private async Task ApplyBookinfoAsync(string file)
    {
        var result = await fixture.Mesh.Cli.RunAsync("apply", "-f", Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", file));
        Assert.True(result.ExitCode == 0, $"meshctl apply -f {file} failed ({result.ExitCode}): {result.Error}{result.Out}");
    }

    private static Span Parent(List<Span> spans, Span child, string service, string kind)
    {
        var parent = Assert.Single(spans, s => s.SpanId == child.ParentSpanId);
        Assert.Equal((service, kind), (parent.Service, parent.Kind));
        return parent;
    }

    private static Span Child(List<Span> spans, Span parent, string service, string kind)
    {
        var child = Assert.Single(spans, s => s.ParentSpanId == parent.SpanId && s.Service == service);
        Assert.Equal(kind, child.Kind);
        return child;
    }

    private async Task<List<Span>> TraceAsync(string traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.DashboardUrl, $"/api/traces/{traceId}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Token);
        using var response = await fixture.Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/api/traces/{traceId}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("spans").EnumerateArray().Select(s => new Span(
            s.GetProperty("traceId").GetString()!,
            s.GetProperty("spanId").GetString()!,
            s.TryGetProperty("parentSpanId", out var parent) && parent.ValueKind == JsonValueKind.String ? parent.GetString() : null,
            s.GetProperty("name").GetString()!,
            s.GetProperty("kind").GetString()!,
            s.GetProperty("service").GetString()!,
            s.GetProperty("attributes").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString() ?? ""))).ToList();
    }

    private sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Service, Dictionary<string, string> Attributes);
}
