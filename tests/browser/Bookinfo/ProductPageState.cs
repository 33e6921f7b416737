using Microsoft.Playwright;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>
/// What a reader sees on the rendered product page: who is signed in, whether book details are shown, how many reviews, which reviews pod answered,
/// the computed colour of every filled star (★) glyph, and the notices shown in place of unavailable parts ("Sorry, product reviews are currently
/// unavailable...", "Ratings service is currently unavailable"). Read from the live DOM, not from the HTML source.
/// </summary>
internal sealed record ProductPageState(
    string? SignedInAs,
    bool ShowsDetails,
    int ReviewCount,
    string ServedBy,
    bool ShowsStarGlyphs,
    IReadOnlyList<Rgb> FilledStarColors,
    IReadOnlyList<string> Notices)
{
    // Every element whose own text holds a filled star, with its computed colour: independent of class names.
    private const string FilledStarColorsScript = """
        () => [...document.querySelectorAll('body *')]
            .filter(e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes('\u2605')))
            .map(e => getComputedStyle(e).color)
        """;

    public static async Task<ProductPageState> ReadAsync(IPage page)
    {
        var welcome = page.Locator(".topbar .welcome");
        var servedBy = page.Locator(".served-by");
        var text = await page.Locator("body").InnerTextAsync();
        var colors = await page.EvaluateAsync<string[]>(FilledStarColorsScript);
        return new ProductPageState(
            await welcome.CountAsync() > 0 ? (await welcome.InnerTextAsync()).Trim() : null,
            await page.Locator("th", new() { HasText = "Author" }).CountAsync() > 0,
            await page.Locator("blockquote").CountAsync(),
            await servedBy.CountAsync() > 0 ? (await servedBy.InnerTextAsync()).Trim() : "",
            text.Contains('★') || text.Contains('☆'),
            [.. colors.Select(Rgb.Parse)],
            [.. (await page.Locator(".notice").AllInnerTextsAsync()).Select(n => n.Trim())]);
    }

    public override string ToString() =>
        $"signed in: {SignedInAs ?? "nobody"}; details shown: {ShowsDetails}; reviews: {ReviewCount}; '{ServedBy}'; star glyphs: {ShowsStarGlyphs}; " +
        $"filled star colours: [{string.Join(", ", FilledStarColors)}]; notices: [{string.Join(" | ", Notices)}]";
}
