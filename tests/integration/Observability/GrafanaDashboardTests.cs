using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>
/// The Grafana dashboards of <c>configs/grafana/</c> against the real Prometheus that scrapes the observability mesh:
/// every panel's PromQL (with Grafana's variables set to Bookinfo's productpage) must be accepted by Prometheus, every
/// variable's <c>label_values</c> must list productpage, and the core panels must return series once Bookinfo traffic
/// has been scraped, with a CONNECT tunnel through productpage's sidecar in each round (its TCP metrics). Only panels
/// that cannot have data on this traffic may be empty: failure flags, and TCP received by a service (that needs a
/// TCP stream into a Bookinfo app, which serves no WebSockets).
/// </summary>
[Collection(ObservabilityMeshCollection.Name)]
public sealed partial class GrafanaDashboardTests(ObservabilityMeshFixture fixture)
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["service"] = "productpage.default.svc.cluster.local",
        ["namespace"] = "default",
        ["workload"] = "productpage-v1",
    };

    public static TheoryData<string> Dashboards() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs", "grafana"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void ConfigsGrafana_HasTheMeshServiceAndWorkloadDashboards()
    {
        var titles = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs", "grafana"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("title").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["GatewayMesh / Mesh", "GatewayMesh / Service", "GatewayMesh / Workload"], titles);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task EveryPanelQuery_IsValidPromQl_AndCorePanelsReturnSeries(string file)
    {
        var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "configs", "grafana", file))).RootElement;
        var panels = dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Title: p.GetProperty("title").GetString()!, Expr: Substitute(file, t.GetProperty("expr").GetString()!))))
            .ToList();
        var variables = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => (Name: v.GetProperty("name").GetString()!, Query: v.GetProperty("query").GetProperty("query").GetString()!))
            .ToList();
        Assert.NotEmpty(panels);

        // Steady traffic, as a dashboard sees it: rate() needs a counter's increase between two of Prometheus's scrapes
        // (every 5 s), and a series the traffic has just created has no earlier sample. So each round sends pages, then
        // queries; an invalid query fails at once with Prometheus's error, an empty core panel only after the deadline.
        await MeshObservabilityTests.Eventually(async () =>
        {
            // (Right after up the ingress may still answer 404 until Bookinfo's routes reach it: every answer is traffic.)
            for (var i = 0; i < 2; i++)
            {
                using var page = await fixture.Http.GetAsync($"http://127.0.0.1:{fixture.IngressPort}/productpage");
            }

            await TunnelledDetailsCallAsync();

            var missing = new List<string>();
            foreach (var (name, query) in variables)
            {
                var values = await LabelValuesAsync(query);
                if (!values.Contains(Variables[name]))
                {
                    missing.Add($"variable ${name} lists [{string.Join(", ", values)}], not {Variables[name]}");
                }
            }

            foreach (var (title, expr) in panels)
            {
                var series = await QueryAsync(file, title, expr);
                if (IsCore(title) && !series.EnumerateArray().Any(HasNumber))
                {
                    missing.Add($"core panel '{title}' has no series: {expr}");
                }
            }

            return missing.Count == 0 ? null : $"{file}:\n  {string.Join("\n  ", missing)}";
        });
    }

    private static bool IsCore(string title) =>
        !title.Contains("flags", StringComparison.Ordinal) && !title.StartsWith("TCP bytes received by the service", StringComparison.Ordinal);

    /// <summary>An HTTP call from "productpage" to details through a CONNECT tunnel of productpage's sidecar: TCP bytes both ways on a source edge.</summary>
    private async Task TunnelledDetailsCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, fixture.Port("productpage-v1", "outbound"), timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("CONNECT details:9080 HTTP/1.1\r\nHost: details:9080\r\n\r\nGET /details/0 HTTP/1.1\r\nHost: details:9080\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync(timeout.Token);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200", answer[12..], StringComparison.Ordinal); // the tunnel's, then details' own
    }

    private static bool HasNumber(JsonElement series) =>
        double.TryParse(series.GetProperty("value")[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value);

    private static string Substitute(string file, string expr) =>
        VariablePattern().Replace(expr, m => Variables.TryGetValue(m.Groups["name"].Value, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{file}: unknown Grafana variable {m.Value} in {expr}"));

    /// <summary>An instant query; a query Prometheus rejects fails the test with Prometheus's error.</summary>
    private async Task<JsonElement> QueryAsync(string file, string title, string expr)
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.PrometheusUrl, "/api/v1/query?query=" + Uri.EscapeDataString(expr)));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(
            response.IsSuccessStatusCode && body.GetProperty("status").GetString() == "success",
            $"{file}: panel '{title}': Prometheus rejected {expr}: {body}");
        return body.GetProperty("data").GetProperty("result");
    }

    /// <summary>Grafana's <c>label_values(selector, label)</c> through Prometheus's label values API.</summary>
    private async Task<List<string>> LabelValuesAsync(string query)
    {
        var match = LabelValuesPattern().Match(query);
        Assert.True(match.Success, $"not a label_values(selector, label) query: {query}");
        var selector = Substitute("variables", match.Groups["selector"].Value);
        var body = await fixture.Http.GetStringAsync(new Uri(fixture.PrometheusUrl, $"/api/v1/label/{match.Groups["label"].Value}/values?match[]={Uri.EscapeDataString(selector)}"));
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        return [.. root.GetProperty("data").EnumerateArray().Select(v => v.GetString()!)];
    }

    [GeneratedRegex(@"\$\{?(?<name>\w+)\}?")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValuesPattern();
}
