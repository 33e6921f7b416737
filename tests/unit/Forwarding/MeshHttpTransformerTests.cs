using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.UnitTests.Forwarding;

public sealed class MeshHttpTransformerTests
{
    private const string Prefix = "http://10.0.0.1:9080";

    [Fact]
    public void For_PlainRoute_SharesOneInstance()
    {
        var first = MeshHttpTransformer.For(null, null, HeaderPolicy.None, HeaderPolicy.None, null);
        var second = MeshHttpTransformer.For(null, null, HeaderPolicy.None, HeaderPolicy.None, null);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task TransformRequest_HeaderEditsWithoutRewrite_LeavesAddressToForwarder()
    {
        var removeSecret = new HeaderPolicy(HeaderEdits.None with { Remove = new[] { "x-secret" }.ToValueList() }, HeaderEdits.None);
        var transformer = MeshHttpTransformer.For(null, null, removeSecret, HeaderPolicy.None, null);
        var context = Request("/anything", "?q=1");
        using var proxyRequest = new HttpRequestMessage();

        await transformer.TransformRequestAsync(context, proxyRequest, Prefix, CancellationToken.None);

        Assert.NotSame(MeshHttpTransformer.For(null, null, HeaderPolicy.None, HeaderPolicy.None, null), transformer);
        Assert.Null(proxyRequest.RequestUri); // YARP then builds it from the request's own path and query
        Assert.False(proxyRequest.Headers.Contains("x-secret"));
    }

    [Fact]
    public async Task TransformRequest_RewrittenPath_AddressHasNewPathAndOriginalQuery()
    {
        var transformer = MeshHttpTransformer.For("/v1/ratings", null, HeaderPolicy.None, HeaderPolicy.None, null);
        var context = Request("/api/v1/ratings", "?q=1");
        using var proxyRequest = new HttpRequestMessage();

        await transformer.TransformRequestAsync(context, proxyRequest, Prefix, CancellationToken.None);

        Assert.Equal(new Uri("http://10.0.0.1:9080/v1/ratings?q=1"), proxyRequest.RequestUri);
    }

    private static DefaultHttpContext Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("ratings:9080");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers["x-secret"] = "hunter2";
        return context;
    }
}
