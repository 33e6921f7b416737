using System.Globalization;
using System.Text.Json;
using GatewayMesh.BrowserTests.Bookinfo;
using Microsoft.Playwright;

namespace GatewayMesh.BrowserTests.Dashboard;

/// <summary>
/// One edge of the dashboard's service graph as the browser rendered it: the SVG group's <c>data-edge</c>
/// (<c>namespace/source-&gt;namespace/target</c>), <c>data-health</c> and <c>data-rate</c> (requests per second), the
/// line's computed stroke colour and the label the reader sees.
/// </summary>
internal sealed record GraphEdgeView(string Source, string Target, string Health, double RequestsPerSecond, Rgb Stroke, string Label, string Details, bool MutualTls, bool ShowsLock)
{
    private const string ReadScript = """
        () => [...document.querySelectorAll('#graph g.edge')].map(g => ({
          edge: g.dataset.edge,
          health: g.dataset.health,
          rate: g.dataset.rate,
          stroke: getComputedStyle(g.querySelector('line')).stroke,
          label: g.querySelector('text')?.textContent ?? '',
          details: g.querySelector('title')?.textContent ?? '',
          mtls: g.dataset.mtls === 'true',
          lock: g.querySelector('.lock') !== null
        }))
        """;

    public static async Task<IReadOnlyList<GraphEdgeView>> ReadAllAsync(IPage page)
    {
        var rendered = await page.EvaluateAsync<JsonElement>(ReadScript);
        return [.. rendered.EnumerateArray().Select(Parse)];
    }

    private static GraphEdgeView Parse(JsonElement e)
    {
        var ends = e.GetProperty("edge").GetString()!.Split("->", 2);
        return new GraphEdgeView(
            ends[0],
            ends[1],
            e.GetProperty("health").GetString()!,
            double.Parse(e.GetProperty("rate").GetString()!, CultureInfo.InvariantCulture),
            Rgb.Parse(e.GetProperty("stroke").GetString()!),
            e.GetProperty("label").GetString()!,
            e.GetProperty("details").GetString()!,
            e.GetProperty("mtls").GetBoolean(),
            e.GetProperty("lock").GetBoolean());
    }

    /// <summary>The edge's request count since the proxies started (the tooltip's <c>total:</c> line).</summary>
    public long TotalRequests => long.Parse(Details.Split('\n').Single(l => l.StartsWith("total: ", StringComparison.Ordinal))["total: ".Length..], CultureInfo.InvariantCulture);

    public override string ToString() => $"{Source} -> {Target} [{Health}, {RequestsPerSecond:0.###} rps, stroke {Stroke}, {(ShowsLock ? "lock " : "")}'{Label}', {Details.ReplaceLineEndings("; ")}]";
}
