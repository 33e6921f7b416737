using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>
/// Istio's standard metrics on the real local mesh: Bookinfo traffic through the ingress, then every proxy on the path
/// scraped on <c>/stats/prometheus</c>, and the counters compared per label set (as differences, so traffic the mesh's
/// own start-up sent does not count). Proves the labels both sides fill (reporter, workloads from the peer metadata the
/// caller's proxy sent, service, code, flags) and that a real Prometheus reads them with Istio's PromQL.
/// </summary>
[Collection(ObservabilityMeshCollection.Name)]
public sealed partial class IstioMetricsMeshTests(ObservabilityMeshFixture fixture)
{
    private const int Calls = 12;

    [Fact]
    public async Task BookinfoTraffic_CountedByEveryProxyOnThePath_WithBothSidesLabels()
    {
        var before = await ScrapeAllAsync();
        // Every other call forges the mesh's metadata exchange from outside: the ingress must drop it, so productpage's
        // inbound still counts all of them from istio-ingressgateway (asserted below with exact counts).
        var forged = GatewayMesh.Proxy.Telemetry.Peers.PeerMetadata.Encode(
            GatewayMesh.Proxy.Pipeline.WorkloadInfo.From("admin", "kube-system", default, "Kubernetes", "admin"), "cluster.local");
        for (var i = 0; i < Calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{fixture.IngressPort}/productpage");
            if (i % 2 == 0)
            {
                request.Headers.TryAddWithoutValidation("x-envoy-peer-metadata", forged);
                request.Headers.TryAddWithoutValidation("x-envoy-peer-metadata-id", "sidecar~10.0.0.9~admin.kube-system~kube-system.svc.cluster.local");
            }

            using var response = await fixture.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var missing = await fixture.Http.GetAsync($"http://127.0.0.1:{fixture.IngressPort}/no-such-page"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var after = await ScrapeAllAsync();
        long Delta(string proxy, params (string Label, string Value)[] labels) =>
            Sum(after[proxy], labels) - Sum(before[proxy], labels);

        // The ingress reports as source: ingress -> productpage.
        Assert.Equal(Calls, Delta("ingress",
            ("reporter", "source"), ("source_workload", "istio-ingressgateway"), ("source_workload_namespace", "istio-system"), ("source_app", "istio-ingressgateway"),
            ("destination_workload", "productpage-v1"), ("destination_app", "productpage"), ("destination_version", "v1"), ("destination_workload_namespace", "default"),
            ("destination_service", "productpage.default.svc.cluster.local"), ("destination_service_name", "productpage"), ("destination_service_namespace", "default"),
            ("request_protocol", "http"), ("response_code", "200"), ("response_flags", "-"), ("connection_security_policy", "unknown"), ("source_cluster", "Kubernetes")));

        // No route: 404 NR, service unknown.
        Assert.Equal(1, Delta("ingress", ("reporter", "source"), ("response_code", "404"), ("response_flags", "NR"), ("destination_service", "unknown"), ("destination_workload", "unknown")));

        // productpage's sidecar, inbound: the caller named itself in x-envoy-peer-metadata, believed because it came
        // over mesh mTLS with a certificate of the same namespace and service account.
        Assert.Equal(Calls, Delta("productpage-v1",
            ("reporter", "destination"), ("source_workload", "istio-ingressgateway"), ("source_workload_namespace", "istio-system"),
            ("connection_security_policy", "mutual_tls"), ("source_principal", "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"),
            ("destination_workload", "productpage-v1"), ("destination_service_name", "productpage"), ("response_code", "200"), ("response_flags", "-")));

        // productpage's sidecar, outbound to details, and details' inbound from productpage.
        Assert.Equal(Calls, Delta("productpage-v1",
            ("reporter", "source"), ("source_workload", "productpage-v1"), ("destination_workload", "details-v1"), ("destination_service_name", "details"), ("response_code", "200")));
        Assert.Equal(Calls, Delta("details-v1",
            ("reporter", "destination"), ("source_workload", "productpage-v1"), ("source_app", "productpage"), ("source_version", "v1"),
            ("destination_workload", "details-v1"), ("destination_service", "details.default.svc.cluster.local"), ("response_code", "200")));

        // reviews: every call lands on one of the three versions, each of which counts it inbound.
        Assert.Equal(Calls, Delta("productpage-v1", ("reporter", "source"), ("destination_service_name", "reviews"), ("response_code", "200")));
        Assert.Equal(Calls,
            Delta("reviews-v1", ("reporter", "destination"), ("source_workload", "productpage-v1"), ("destination_workload", "reviews-v1"))
            + Delta("reviews-v2", ("reporter", "destination"), ("source_workload", "productpage-v1"), ("destination_workload", "reviews-v2"))
            + Delta("reviews-v3", ("reporter", "destination"), ("source_workload", "productpage-v1"), ("destination_workload", "reviews-v3")));

        // The peer metadata never reaches an app or leaves the mesh, and an outside client cannot forge it.
        Assert.Equal(0, Delta("productpage-v1", ("reporter", "destination"), ("source_workload", "unknown")));
        Assert.Equal(0, after.Values.Sum(samples => Sum(samples, [("source_workload", "admin")])));
    }

    /// <summary>
    /// Istio's fault-injection and authorization tasks as the metrics show them: a VirtualService aborting every details
    /// call with 500, and an AuthorizationPolicy denying productpage's calls to reviews, both applied live. productpage
    /// still answers every page (with its "unavailable" notices), its sidecar counts the aborts as 500 with Envoy's flag
    /// FI and details never sees them; the reviews sidecars answer 403 and, as Envoy's RBAC filter does, set no flag
    /// ("-"), and productpage's client side counts the same 403s. productpage's app tries reviews twice per page.
    /// (<c>meshctl up</c> names a local sidecar's service account after its service: <c>sa/productpage</c>.)
    /// </summary>
    [Fact]
    public async Task FaultAbortAndDeniedCall_CountedWithIstiosCodesAndFlags_OnBothSides()
    {
        const int Pages = 4;
        var faults = Path.Combine(fixture.Mesh.Repo.Path, "abort-details-deny-reviews.yaml");
        await File.WriteAllTextAsync(faults, AbortDetailsDenyReviews);
        await MeshCliAsync("apply", faults);
        try
        {
            // Both rules reach the proxies asynchronously: wait for a page that shows both, then count from there.
            await MeshObservabilityTests.Eventually(async () =>
            {
                var page = await fixture.Http.GetStringAsync($"http://127.0.0.1:{fixture.IngressPort}/productpage");
                return page.Contains(DetailsUnavailable, StringComparison.Ordinal) && page.Contains(ReviewsUnavailable, StringComparison.Ordinal)
                    ? null
                    : $"the product page does not yet show both details and reviews unavailable (details notice: {page.Contains(DetailsUnavailable, StringComparison.Ordinal)}, reviews notice: {page.Contains(ReviewsUnavailable, StringComparison.Ordinal)}): {page[..Math.Min(page.Length, 3000)]}";
            });

            var before = await ScrapeAllAsync();
            for (var i = 0; i < Pages; i++)
            {
                using var response = await fixture.Http.GetAsync($"http://127.0.0.1:{fixture.IngressPort}/productpage");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var after = await ScrapeAllAsync();
            long Delta(string proxy, params (string Label, string Value)[] labels) =>
                Sum(after[proxy], labels) - Sum(before[proxy], labels);
            long Reviews(params (string Label, string Value)[] labels) =>
                Delta("reviews-v1", labels) + Delta("reviews-v2", labels) + Delta("reviews-v3", labels);

            Assert.Equal(Pages, Delta("ingress", ("reporter", "source"), ("destination_service_name", "productpage"), ("response_code", "200"), ("response_flags", "-")));

            // The abort: answered by productpage's own sidecar, 500 FI; nothing reaches details.
            Assert.Equal(Pages, Delta("productpage-v1",
                ("reporter", "source"), ("source_workload", "productpage-v1"), ("destination_service", "details.default.svc.cluster.local"),
                ("destination_service_name", "details"), ("destination_workload", "unknown"), ("response_code", "500"), ("response_flags", "FI")));
            Assert.Equal(0, Delta("productpage-v1", ("reporter", "source"), ("destination_service_name", "details"), ("response_code", "200")));
            Assert.Equal(0, Delta("details-v1", ("reporter", "destination")));

            // The denial: 403 with no flag at every reviews sidecar, from productpage over mTLS, and the same on productpage's side.
            Assert.Equal(2 * Pages, Reviews(
                ("reporter", "destination"), ("source_workload", "productpage-v1"), ("source_principal", "spiffe://cluster.local/ns/default/sa/productpage"),
                ("connection_security_policy", "mutual_tls"), ("destination_service_name", "reviews"), ("response_code", "403"), ("response_flags", "-")));
            Assert.Equal(0, Reviews(("reporter", "destination"), ("response_code", "200")));
            Assert.Equal(2 * Pages, Delta("productpage-v1",
                ("reporter", "source"), ("destination_service_name", "reviews"), ("response_code", "403"), ("response_flags", "-")));
            Assert.Equal(0, Delta("productpage-v1", ("reporter", "source"), ("destination_service_name", "reviews"), ("response_code", "200")));
        }
        finally
        {
            // The collection's other tests count healthy Bookinfo traffic: lift both rules and wait until pages are whole again.
            await MeshCliAsync("delete", faults);
            await MeshCliAsync("apply", Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", "virtual-service-all-v1.yaml"));
            await MeshObservabilityTests.Eventually(async () =>
            {
                var page = await fixture.Http.GetStringAsync($"http://127.0.0.1:{fixture.IngressPort}/productpage");
                return !page.Contains(DetailsUnavailable, StringComparison.Ordinal) && !page.Contains(ReviewsUnavailable, StringComparison.Ordinal)
                    ? null
                    : "the product page still shows details or reviews unavailable after the rules were lifted";
            });
        }
    }

    private const string DetailsUnavailable = "Sorry, product details are currently unavailable for this book.";
    private const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";

    private const string AbortDetailsDenyReviews = BookinfoFaults.DetailsAbort + """

        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-productpage-to-reviews
          namespace: default
        spec:
          selector:
            matchLabels:
              app: reviews
          action: DENY
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/productpage"]
        """;

    private async Task MeshCliAsync(string verb, string file)
    {
        var result = await fixture.Mesh.Cli.RunAsync(verb, "-f", file);
        Assert.True(result.ExitCode == 0, $"meshctl {verb} -f {file} failed ({result.ExitCode}): {result.Error}{result.Out}");
    }

    [Fact]
    public async Task Prometheus_IstioPromQl_ReturnsTheRowsTheProxiesServe()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await fixture.Http.GetAsync($"http://127.0.0.1:{fixture.IngressPort}/productpage");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Wait until Prometheus has scraped every proxy after this traffic: its sum equals the proxies' own sum.
        await MeshObservabilityTests.Eventually(async () =>
        {
            var scraped = await ScrapeAllAsync();
            var expected = scraped.Values.SelectMany(s => s)
                .Where(s => s.Name == "istio_requests_total" && s.Labels["reporter"] == "destination")
                .GroupBy(s => (s.Labels["destination_service_name"], s.Labels["response_code"]))
                .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
            var rows = await fixture.PromQlAsync("sum by (destination_service_name, response_code) (istio_requests_total{reporter=\"destination\"})");
            var actual = rows.EnumerateArray().ToDictionary(
                r => (r.GetProperty("metric").GetProperty("destination_service_name").GetString()!, r.GetProperty("metric").GetProperty("response_code").GetString()!),
                r => (long)double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
            return expected.Count > 0 && expected.ContainsKey(("productpage", "200")) && expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value)
                ? null
                : $"PromQL rows {string.Join(", ", actual.Select(a => $"{a.Key}={a.Value}"))} != proxies {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}";
        });
        // Every productpage call reaches details and reviews (ratings only when a reviews version that calls it was picked).
        var services = (await fixture.PromQlAsync("sum by (destination_service_name) (istio_requests_total{reporter=\"destination\",response_code=\"200\"})"))
            .EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("destination_service_name").GetString()).ToHashSet();
        HashSet<string?> always = ["details", "productpage", "reviews"];
        Assert.Subset(services, always);
    }

    private async Task<Dictionary<string, List<Sample>>> ScrapeAllAsync()
    {
        var result = new Dictionary<string, List<Sample>>();
        foreach (var proxy in fixture.State.Processes.Where(p => p.Role is not null))
        {
            var text = await fixture.Http.GetStringAsync($"http://127.0.0.1:{proxy.Ports["admin"]}/stats/prometheus");
            result[proxy.Name] = Parse(text);
        }

        return result;
    }

    private static long Sum(List<Sample> samples, (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == "istio_requests_total" && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    internal static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["k"].Value, m => Regex.Unescape(m.Groups["v"].Value));
            samples.Add(new Sample(match.Groups["name"].Value, labels, (long)double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    internal sealed record Sample(string Name, Dictionary<string, string> Labels, long Value);

    [GeneratedRegex(@"^(?<name>istio_[a-z_]+)\{(?<labels>.*)\} (?<value>[0-9.e+]+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<k>[a-z_]+)=""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
