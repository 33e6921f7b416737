using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

/// <summary>The ingress's HTTPS listener table and httpsRedirect, compiled from Gateway servers on 443 and 80.</summary>
public class IngressHttpsCompileTests
{
    private const string Gateway = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: public
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["plain.example.com"]
          - port: {number: 80, name: http-redirect, protocol: HTTP}
            hosts: ["secure.example.com"]
            tls: {httpsRedirect: true}
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: ["secure.example.com"]
            tls: {mode: SIMPLE, credentialName: cert}
          - port: {number: 8443, name: tls, protocol: TLS}
            hosts: ["pass.example.com"]
            tls: {mode: PASSTHROUGH}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts: ["*"]
          gateways: [public]
          http:
          - route: [{destination: {host: web}}]
        """;

    [Fact]
    public void CompileHttps_TerminatingServerOn443_OnlyItsHostsWithTheirRules()
    {
        var table = RouteTableCompiler.CompileHttps(Snapshot(Gateway), Ingress);

        var host = Assert.Single(table.VirtualHosts);
        Assert.Equal(["secure.example.com"], host.Hosts);
        Assert.Equal([443], host.Ports);
        Assert.Equal(new ClusterKey("web.default.svc.cluster.local", null, null), RouteTo(table, Get("secure.example.com", "/")));
        Assert.Null(table.Match(Get("pass.example.com", "/")));
    }

    [Fact]
    public void Compile_HttpsRedirectServer_HostAnswersRedirectOthersRoute()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Gateway), Ingress);

        Assert.IsType<HttpsRedirectAction>(table.Match(Get("secure.example.com", "/cart"))!.Value.Action);
        Assert.Equal(new ClusterKey("web.default.svc.cluster.local", null, null), RouteTo(table, Get("plain.example.com", "/")));
    }

    [Theory]
    [InlineData("secure.example.com:31380", 31390, "https://secure.example.com:31390/cart?id=1")]
    [InlineData("secure.example.com", 443, "https://secure.example.com/cart?id=1")]
    [InlineData("secure.example.com:8080", null, "https://secure.example.com/cart?id=1")]
    public void HttpsRedirectLocation_HttpsPort_NamedUnless443(string authority, int? httpsPort, string expected)
    {
        var request = Get(authority, "/cart") with { QueryString = "?id=1" };

        Assert.Equal(expected, HttpsRedirectAction.Location(request, httpsPort));
    }

    [Fact]
    public void CompileHttps_Sidecar_Empty()
    {
        Assert.Empty(RouteTableCompiler.CompileHttps(Snapshot(Gateway), Sidecar()).VirtualHosts);
    }
}
