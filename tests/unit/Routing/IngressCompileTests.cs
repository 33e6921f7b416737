using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class IngressCompileTests
{
    private const string Gateways = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: public
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["shop.example.com", "prod/*.prod.example.com"]
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: ["secure.example.com"]
            tls: {mode: SIMPLE, credentialName: cert}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: other
        spec:
          selector: {istio: egressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        """;

    private static string Vs(string name, string ns, string hosts, string gateways, string subset) => $$"""

        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          hosts: {{hosts}}
          gateways: {{gateways}}
          http:
          - route:
            - destination: {host: web, subset: {{subset}}}
        """;

    [Fact]
    public void Compile_ServerHosts_LimitWhichHostsAreServed()
    {
        var yaml = Gateways + Vs("shop", "default", "[shop.example.com, other.example.com]", "[public]", "shop");
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Ingress);
        var host = Assert.Single(table.VirtualHosts);
        Assert.Equal(["shop.example.com"], host.Hosts);
        Assert.Equal([80], host.Ports);
        Assert.Equal(new ClusterKey("web.default.svc.cluster.local", "shop", null), RouteTo(table, Get("shop.example.com", "/")));
        Assert.Null(table.Match(Get("other.example.com", "/")));
    }

    [Fact]
    public void Compile_GatewaySelectorNotMatchingProxy_IsIgnored()
    {
        var yaml = Gateways + Vs("any", "default", "[\"*\"]", "[other]", "any");
        Assert.Empty(RouteTableCompiler.Compile(Snapshot(yaml), Ingress).VirtualHosts);
        var egress = ProxyIdentity.Ingress(Labels(("istio", "egressgateway")));
        Assert.Single(RouteTableCompiler.Compile(Snapshot(yaml), egress).VirtualHosts);
    }

    [Fact]
    public void Compile_WildcardServerHostWithNamespace_AdmitsOnlyThatNamespace()
    {
        var yaml = Gateways
            + Vs("in-prod", "prod", "[api.prod.example.com]", "[default/public]", "prod")
            + Vs("in-dev", "dev", "[web.prod.example.com]", "[default/public]", "dev");
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Ingress);
        Assert.Equal(new ClusterKey("web.prod.svc.cluster.local", "prod", null), RouteTo(table, Get("api.prod.example.com", "/")));
        Assert.Null(table.Match(Get("web.prod.example.com", "/")));
    }

    [Fact]
    public void Compile_VirtualServiceWildcardHost_NarrowsToServerHosts()
    {
        var yaml = Gateways + Vs("all", "default", "[\"*\"]", "[public]", "all");
        var host = Assert.Single(RouteTableCompiler.Compile(Snapshot(yaml), Ingress).VirtualHosts);
        Assert.Equal(["shop.example.com"], host.Hosts); // prod/* admits only VirtualServices in prod
    }

    [Fact]
    public void Compile_ShortGatewayNameResolvesInVirtualServiceNamespace()
    {
        var yaml = Gateways + Vs("elsewhere", "shop", "[shop.example.com]", "[public]", "x");
        Assert.Empty(RouteTableCompiler.Compile(Snapshot(yaml), Ingress).VirtualHosts); // means shop/public, which does not exist
    }

    [Fact]
    public void Compile_HttpsServerOnly_IsNotOnHttpListener()
    {
        var yaml = Gateways + Vs("secure", "default", "[secure.example.com]", "[public]", "x");
        Assert.Empty(RouteTableCompiler.Compile(Snapshot(yaml), Ingress).VirtualHosts);
    }

    [Fact]
    public void Compile_IngressLabelIstioIngress_SelectsGateway()
    {
        var yaml = Bookinfo("bookinfo-gateway.yaml").Replace("istio: ingressgateway", "istio: ingress", StringComparison.Ordinal);
        var proxy = ProxyIdentity.Ingress(Labels(("istio", "ingress")));
        Assert.Single(RouteTableCompiler.Compile(Snapshot(yaml), proxy).VirtualHosts);
    }

    [Fact]
    public void Match_GatewaysCondition_UsesTheVirtualHostsGateway()
    {
        var yaml = Gateways + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: shop
            spec:
              hosts: [shop.example.com]
              gateways: [public, mesh]
              http:
              - match:
                - gateways: [mesh]
                route:
                - destination: {host: web, subset: internal}
              - match:
                - gateways: [public]
                route:
                - destination: {host: web, subset: edge}
            """;
        var table = RouteTableCompiler.Compile(Snapshot(yaml), Ingress);
        Assert.Equal(new ClusterKey("web.default.svc.cluster.local", "edge", null), RouteTo(table, Get("shop.example.com", "/")));
    }
}
