using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

public sealed class ProductPageTests
{
    private const string BlackFive = "<span class=\"star-black\">★★★★★</span><span class=\"star-empty\"></span>";
    private const string BlackFour = "<span class=\"star-black\">★★★★</span><span class=\"star-empty\">☆</span>";
    private const string RedFive = "<span class=\"star-red\">★★★★★</span><span class=\"star-empty\"></span>";
    private const string RedFour = "<span class=\"star-red\">★★★★</span><span class=\"star-empty\">☆</span>";

    [Fact]
    public async Task ProductPage_ReviewsV1_ShowsDetailsAndReviewsWithoutStars()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        var html = await mesh.GetPageAsync();

        Assert.Contains("<h1>The Comedy of Errors</h1>", html);
        Assert.Contains("<td>William Shakespeare</td>", html);
        Assert.Contains("<td>123-1234567890</td>", html);
        Assert.Equal(2, Count(html, "<blockquote>"));
        Assert.Contains("<footer>Reviewer1</footer>", html);
        Assert.DoesNotContain("★", html);
        Assert.DoesNotContain("☆", html);
        Assert.Contains("Reviews served by: reviews-v1-test1", html);
        Assert.Contains("href=\"/login\"", html);
    }

    [Fact]
    public async Task ProductPage_ReviewsV2_ShowsBlackStars()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2");

        var html = await mesh.GetPageAsync();

        Assert.Contains(BlackFive, html);
        Assert.Contains(BlackFour, html);
        Assert.DoesNotContain("star-red\">", html);
        Assert.Contains("Reviews served by: reviews-v2-test1", html);
    }

    [Fact]
    public async Task ProductPage_ReviewsV3_ShowsRedStars()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v3");

        var html = await mesh.GetPageAsync();

        Assert.Contains(RedFive, html);
        Assert.Contains(RedFour, html);
        Assert.DoesNotContain("star-black\">", html);
        Assert.Contains("Reviews served by: reviews-v3-test1", html);
    }

    [Fact]
    public async Task ProductPage_StaticStylesheet_ServedAsCss()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        using var css = await mesh.Client.GetAsync("/static/bookinfo.css");
        using var missing = await mesh.Client.GetAsync("/static/nope.css");

        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".star-red", await css.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    internal static int Count(string text, string part) => text.Split(part).Length - 1;
}
