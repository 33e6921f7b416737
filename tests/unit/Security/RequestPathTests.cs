using GatewayMesh.Proxy.Security.Authorization;
using Xunit;

namespace GatewayMesh.UnitTests.Security;

public class RequestPathTests
{
    [Theory]
    [InlineData("/ratings/../admin", "/admin")]
    [InlineData("/ratings/./1", "/ratings/1")]
    [InlineData("/a/b/../../../../etc", "/etc")]
    [InlineData("/..", "/")]
    [InlineData("/a/.", "/a/")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    [InlineData("/v1.2/file.txt", "/v1.2/file.txt")]
    [InlineData("/...", "/...")]
    [InlineData("/a//b", "/a//b")]
    public void Normalize_DotSegments_RemovedAsRfc3986(string? path, string expected)
    {
        Assert.Equal(expected, RequestPath.Normalize(path));
    }

    [Fact]
    public void Normalize_NoDotSegment_SameInstance()
    {
        const string path = "/reviews/1.json";

        Assert.Same(path, RequestPath.Normalize(path));
    }

    [Fact]
    public void Normalize_HugePath_DoesNotThrow()
    {
        var path = string.Concat(Enumerable.Repeat("/../a", 20_000));

        Assert.StartsWith("/a", RequestPath.Normalize(path));
    }
}
