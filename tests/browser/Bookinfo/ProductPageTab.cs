using System.Diagnostics;
using Microsoft.Playwright;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>
/// One browser tab on the product page. Routing changes reach the proxies asynchronously, so expectations are met
/// by reloading until the page shows them, with a generous deadline; the failure names the last state seen and what
/// <paramref name="evidence"/> tells of the mesh (its processes' log tails).
/// </summary>
internal sealed class ProductPageTab(IPage page, Uri productPage, Func<string>? evidence = null)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public IPage Page => page;

    /// <summary>How long the last page load took, until the load event (reported, never asserted).</summary>
    public TimeSpan LastLoadTime { get; private set; }

    public async Task<ProductPageState> ReloadUntilAsync(string expectation, Func<ProductPageState, bool> condition)
    {
        var elapsed = Stopwatch.StartNew();
        ProductPageState? last = null;
        string? lastError = null;
        while (true)
        {
            var load = Stopwatch.StartNew();
            var response = await page.GotoAsync(productPage.ToString());
            LastLoadTime = load.Elapsed;
            if (response is { Ok: true })
            {
                last = await ProductPageState.ReadAsync(page);
                if (condition(last))
                {
                    return last;
                }
            }
            else
            {
                lastError = response is null ? "no response" : $"HTTP {response.Status}";
            }

            if (elapsed.Elapsed >= Deadline)
            {
                throw new TimeoutException(
                    $"The product page did not show {expectation} within {Deadline.TotalSeconds:0} s. " +
                    $"Last state: {last?.ToString() ?? "none"}; last error: {lastError ?? "none"}\n{evidence?.Invoke()}");
            }

            // The page is an external process's observable state: poll it, bounded by the deadline above.
            await page.WaitForTimeoutAsync((float)PollInterval.TotalMilliseconds);
        }
    }

    public async Task ScreenshotAsync(string path) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
}
