using GatewayMesh.Samples.Bookinfo.Hosting;
using GatewayMesh.Samples.Bookinfo.Shared;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

public sealed class BookinfoOptionsTests
{
    [Theory]
    [InlineData("shipping")]
    [InlineData("reviews", "--version", "v4")]
    [InlineData("details", "--version", "latest")]
    [InlineData("productpage", "--reviews-url", "ftp://reviews")]
    public void Create_BadArguments_ThrowsUsageError(params string[] args)
    {
        Assert.Throws<BookinfoUsageException>(() => BookinfoApp.Create(args));
    }

    [Theory]
    [InlineData("abc", "reviews-v2-abc")]
    [InlineData("reviews-v2-abc", "reviews-v2-abc")]
    public void PodName_InstanceId_PrefixedWithServiceAndVersionOnce(string instance, string expected)
    {
        var options = new BookinfoOptions { Service = "reviews", Version = "v2", InstanceId = instance };

        Assert.Equal(expected, options.PodName);
    }

    [Fact]
    public void MeshUrls_Default_AreServiceNamesOnPort9080()
    {
        var options = new BookinfoOptions { Service = "productpage", InstanceId = "x" };

        Assert.Equal("http://details:9080/", options.DetailsUrl.ToString());
        Assert.Equal("http://reviews:9080/", options.ReviewsUrl.ToString());
        Assert.Equal("http://ratings:9080/", options.RatingsUrl.ToString());
        Assert.Null(options.Proxy);
    }
}
