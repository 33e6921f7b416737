using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

public sealed class ProductPageFailureTests
{
    [Fact]
    public async Task ProductPage_RatingsDown_ShowsRatingsUnavailableInsteadOfStars()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2", ratingsDown: true);

        var html = await mesh.GetPageAsync();

        Assert.Equal(2, ProductPageTests.Count(html, "Ratings service is currently unavailable"));
        Assert.DoesNotContain("★", html);
        Assert.Contains("<footer>Reviewer2</footer>", html);
        Assert.Contains("Reviews served by: reviews-v2-test1", html);
    }

    [Fact]
    public async Task ProductPage_ReviewsDown_ShowsReviewsUnavailableAndKeepsDetails()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2", reviewsDown: true);

        var html = await mesh.GetPageAsync();

        Assert.Contains("Sorry, product reviews are currently unavailable for this book.", html);
        Assert.DoesNotContain("<blockquote>", html);
        Assert.DoesNotContain("Reviews served by", html);
        Assert.Contains("<td>William Shakespeare</td>", html);
    }

    [Fact]
    public async Task ProductPage_DetailsDown_ShowsDetailsUnavailableAndKeepsReviews()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1", detailsDown: true);

        var html = await mesh.GetPageAsync();

        Assert.Contains("Sorry, product details are currently unavailable for this book.", html);
        Assert.DoesNotContain("William Shakespeare</td>", html);
        Assert.Equal(2, ProductPageTests.Count(html, "<blockquote>"));
    }
}
