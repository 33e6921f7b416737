using System.Diagnostics;
using GatewayMesh.BrowserTests.Bookinfo;
using Microsoft.Playwright;

namespace GatewayMesh.BrowserTests.Dashboard;

/// <summary>
/// The dashboard's service graph in one tab. The page redraws itself from the proxies' scraped metrics every 2 s
/// without a reload (its status line names the time of each redraw), so an expectation is met by re-reading the
/// rendered graph after each redraw until it holds, with a deadline; the failure lists every edge last seen.
/// </summary>
internal sealed class DashboardTab(IPage page)
{
    public IPage Page => page;

    public async Task<IReadOnlyList<GraphEdgeView>> WaitForEdgesAsync(string expectation, Func<IReadOnlyList<GraphEdgeView>, bool> condition)
    {
        var elapsed = Stopwatch.StartNew();
        IReadOnlyList<GraphEdgeView> last = [];
        while (true)
        {
            var status = await page.Locator("#status").TextContentAsync() ?? "";
            last = await GraphEdgeView.ReadAllAsync(page);
            if (condition(last))
            {
                return last;
            }

            var remaining = ProductPageTab.Deadline - elapsed.Elapsed;
            try
            {
                // The next redraw changes the status line; wait for it (in the page, bounded by what is left of the deadline).
                await page.WaitForFunctionAsync(
                    "seen => document.querySelector('#status').textContent !== seen",
                    status,
                    new() { Timeout = (float)Math.Max(1, remaining.TotalMilliseconds) });
            }
            catch (PlaywrightException waitFailed)
            {
                throw new System.TimeoutException(
                    $"The dashboard's graph did not show {expectation} within {ProductPageTab.Deadline.TotalSeconds:0} s. " +
                    $"Status line: '{status}'. Edges last seen:\n  {string.Join("\n  ", last)}",
                    waitFailed);
            }
        }
    }

    public async Task ScreenshotAsync(string path) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
}
