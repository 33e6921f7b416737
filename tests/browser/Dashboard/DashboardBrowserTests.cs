using GatewayMesh.BrowserTests.Bookinfo;
using GatewayMesh.BrowserTests.Browser;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.BrowserTests.Dashboard;

/// <summary>
/// The mesh dashboard (issue 13) in Chromium, on the live Bookinfo mesh: after traffic through the ingress its service
/// graph shows Bookinfo's edges with non-zero rates, and a 100 % abort injected on details (a VirtualService fault,
/// applied live) turns productpage's edge to details red, as Kiali colours a 5xx share of 10 % or more. The graph is
/// read from the rendered SVG (data attributes and computed stroke colours), never from the API.
/// </summary>
[Collection(BookinfoBrowserCollection.Name)]
public sealed class DashboardBrowserTests(BookinfoMeshFixture mesh, ITestOutputHelper output)
{
    private const string Ingress = "istio-system/istio-ingressgateway";
    private const string ProductPage = "default/productpage-v1";

    [Fact]
    public async Task ServiceGraph_BookinfoTrafficThenDetailsAbort_EdgesShowRatesAndTheAbortedEdgeTurnsRed()
    {
        await using var context = await mesh.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 720 } });
        var tab = new DashboardTab(await context.NewPageAsync());
        await tab.Page.GotoAsync(mesh.SignedInDashboard.ToString());
        await using var traffic = ProductPageTraffic.Start(mesh.ProductPage);
        var first = await tab.WaitForEdgesAsync("any edge", edges => edges.Count > 0);
        var before = first.FirstOrDefault(e => e.Source == Ingress && e.Target == ProductPage)?.TotalRequests ?? 0;
        output.WriteLine($"first graph drawn:\n  {string.Join("\n  ", first)}");

        // 1. Anonymous readers on whatever routing the other tests left: details-v1 and reviews-v1 serve every page.
        //    The graph must have counted at least 5 of this test's pages. A fresh mesh's first pages can fail while its
        //    proxies warm up; the 30 s window slides past them.
        var flowing = await tab.WaitForEdgesAsync(
            "ingress -> productpage -> details-v1 and reviews-v1, all healthy with traffic",
            edges => edges.Any(e => e.Source == Ingress && e.Target == ProductPage && e.TotalRequests >= before + 5) &&
                     IsHealthyWithTraffic(edges, Ingress, ProductPage) && IsHealthyWithTraffic(edges, ProductPage, "default/details-v1") && IsHealthyWithTraffic(edges, ProductPage, "default/reviews-v1"));
        foreach (var (source, target) in new[] { (Ingress, ProductPage), (ProductPage, "default/details-v1"), (ProductPage, "default/reviews-v1") })
        {
            var edge = flowing.Single(e => e.Source == source && e.Target == target);
            Assert.True(edge.RequestsPerSecond > 0 && edge.Label.Contains("rps"), edge.ToString());
            Assert.False(edge.Stroke.IsReddish, $"a healthy edge is drawn red: {edge}");
            Assert.True(edge.MutualTls && edge.ShowsLock, $"Bookinfo's hops are mesh mTLS, the edge must show the lock: {edge}");
        }

        output.WriteLine($"traffic: {traffic.Sent} pages; graph:\n  {string.Join("\n  ", flowing)}");
        await SaveAsync(tab, "10-dashboard-bookinfo-traffic.png");

        // 2. A 100 % abort on details, applied live: productpage's calls to details fail at its own sidecar (500, flag
        //    FI), so within the 30 s window the share of 5xx on productpage's edge to details passes 10 %: red.
        var abort = Path.Combine(Path.GetTempPath(), $"gm-dashboard-details-abort-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(abort, BookinfoFaults.DetailsAbort);
        try
        {
            await mesh.ApplyFileAsync(abort);
            var aborted = await tab.WaitForEdgesAsync(
                "a red edge from productpage to details once details is aborted",
                edges => edges.Any(e => IsAbortedDetailsEdge(e) && e.Health == "failure"));
            var red = aborted.First(e => IsAbortedDetailsEdge(e) && e.Health == "failure");
            Assert.True(red.Stroke.IsReddish, $"the failing edge is not drawn red: {red}");
            Assert.True(red.RequestsPerSecond > 0, red.ToString());
            Assert.Contains("\"500\"", red.Details);
            Assert.Contains("flags: FI", red.Details);
            Assert.False(aborted.Single(e => e.Source == Ingress && e.Target == ProductPage).Stroke.IsReddish, "productpage still answers 200 without details");

            output.WriteLine($"after the abort ({traffic.Sent} pages):\n  {string.Join("\n  ", aborted)}");
            await SaveAsync(tab, "11-dashboard-details-abort-red-edge.png");
        }
        finally
        {
            File.Delete(abort);
            await mesh.ApplyAsync("virtual-service-all-v1.yaml");
        }
    }

    private static bool IsHealthyWithTraffic(IReadOnlyList<GraphEdgeView> edges, string source, string target) =>
        edges.Any(e => e.Source == source && e.Target == target && e.RequestsPerSecond > 0 && e.Health == "healthy");

    private static bool IsAbortedDetailsEdge(GraphEdgeView edge) =>
        edge.Source == ProductPage && edge.Target.StartsWith("default/details", StringComparison.Ordinal);

    private async Task SaveAsync(DashboardTab tab, string fileName)
    {
        var path = ScreenshotFolder.For(fileName);
        await tab.ScreenshotAsync(path);
        output.WriteLine($"screenshot: {path}");
    }
}
