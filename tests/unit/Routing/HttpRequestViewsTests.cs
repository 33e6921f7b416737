using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class HttpRequestViewsTests
{
    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("reviews", 9080);
        context.Request.Path = "/reviews/1";
        context.Request.QueryString = new QueryString("?v=2&v=3");
        context.Request.Headers["End-User"] = "jason";
        context.Request.Headers.Append("x-multi", new[] { "a", "b" });
        return context.Request;
    }

    [Fact]
    public void ToRequestView_ReadsRequestLineHeadersAndQuery()
    {
        var view = Request().ToRequestView(sourceLabels: Labels(("app", "productpage")));
        Assert.Equal(("POST", "http", "reviews:9080", 9080, "/reviews/1"), (view.Method, view.Scheme, view.Authority, view.Port, view.Path));
        Assert.Equal("jason", view.Fields.Header("end-user"));
        Assert.Equal("a,b", view.Fields.Header("X-Multi"));
        Assert.Null(view.Fields.Header("missing"));
        Assert.Equal("2", view.Fields.QueryParam("v"));
        Assert.Equal("productpage", view.SourceLabels["app"]);
    }

    [Fact]
    public void ToRequestView_ExplicitPort_Overrides() => Assert.Equal(8080, Request().ToRequestView(port: 8080).Port);

    [Fact]
    public void ToRequestView_RoutesLikeAPlainView()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-reviews-test-v2.yaml")), Sidecar());
        Assert.Equal(Reviews("v2"), RouteTo(table, Request().ToRequestView()));
    }
}
