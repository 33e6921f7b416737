using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Cli;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

public sealed class ServiceApiTests
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task Details_Get_ReturnsSampleBook()
    {
        await using var details = await BookinfoService.StartAsync("details");

        var json = JsonNode.Parse(await Client.GetStringAsync(new Uri(details.Url, "details/3")))!;

        Assert.Equal(3, (int)json["id"]!);
        Assert.Equal("William Shakespeare", (string)json["author"]!);
        Assert.Equal(1595, (int)json["year"]!);
        Assert.Equal("paperback", (string)json["type"]!);
        Assert.Equal(200, (int)json["pages"]!);
        Assert.Equal("PublisherA", (string)json["publisher"]!);
        Assert.Equal("English", (string)json["language"]!);
        Assert.Equal("1234567890", (string)json["ISBN-10"]!);
        Assert.Equal("123-1234567890", (string)json["ISBN-13"]!);
    }

    [Theory]
    [InlineData("details")]
    [InlineData("ratings")]
    [InlineData("reviews")]
    [InlineData("productpage")]
    public async Task Health_AnyService_ReportsHealthy(string service)
    {
        await using var running = await BookinfoService.StartAsync(service);

        var json = JsonNode.Parse(await Client.GetStringAsync(new Uri(running.Url, "health")))!;

        Assert.Equal($"{service} is healthy", (string)json["status"]!);
    }

    [Fact]
    public async Task ReviewsV1_Get_HasNoRatingAndNamesPod()
    {
        await using var reviews = await BookinfoService.StartAsync("reviews", "--instance-id", "abc", "--ratings-url", $"http://127.0.0.1:{ClosedPort.Find()}");

        var json = JsonNode.Parse(await Client.GetStringAsync(new Uri(reviews.Url, "reviews/0")))!;

        Assert.Equal("0", (string)json["id"]!);
        Assert.Equal("reviews-v1-abc", (string)json["podname"]!);
        var list = json["reviews"]!.AsArray();
        Assert.Equal(["Reviewer1", "Reviewer2"], list.Select(r => (string)r!["reviewer"]!));
        Assert.All(list, r => Assert.Null(r!["rating"]));
    }

    [Fact]
    public async Task ReviewsV3_RatingsDown_CarriesRatingError()
    {
        await using var reviews = await BookinfoService.StartAsync("reviews", "--version", "v3", "--ratings-url", $"http://127.0.0.1:{ClosedPort.Find()}");

        var json = JsonNode.Parse(await Client.GetStringAsync(new Uri(reviews.Url, "reviews/0")))!;

        Assert.All(json["reviews"]!.AsArray(), r => Assert.Equal(
            "Ratings service is currently unavailable", (string)r!["rating"]!["error"]!));
    }

    [Fact]
    public async Task ProductApi_Products_ListsTheBookAndProxiesReviewsAndRatings()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2");

        var products = JsonNode.Parse(await mesh.Client.GetStringAsync("/api/v1/products"))!.AsArray();
        var details = JsonNode.Parse(await mesh.Client.GetStringAsync("/api/v1/products/0"))!;
        var reviews = JsonNode.Parse(await mesh.Client.GetStringAsync("/api/v1/products/0/reviews"))!;
        var ratings = JsonNode.Parse(await mesh.Client.GetStringAsync("/api/v1/products/0/ratings"))!;

        Assert.Equal("The Comedy of Errors", (string)Assert.Single(products)!["title"]!);
        Assert.Equal("William Shakespeare", (string)details["author"]!);
        Assert.Equal("black", (string)reviews["reviews"]![0]!["rating"]!["color"]!);
        Assert.Equal(4, (int)ratings["ratings"]!["Reviewer2"]!);
    }

    [Fact]
    public async Task ProductApi_ReviewsDown_Returns503WithError()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1", reviewsDown: true);

        using var response = await mesh.Client.GetAsync("/api/v1/products/0/reviews");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("currently unavailable", await response.Content.ReadAsStringAsync());
    }
}
