using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Config.Model;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class KindAliasTests
{
    [Theory]
    [InlineData("VirtualService", "VirtualService")]
    [InlineData("virtualservices", "VirtualService")]
    [InlineData("virtualservice", "VirtualService")]
    [InlineData("vs", "VirtualService")]
    [InlineData("VS", "VirtualService")]
    [InlineData("virtualservices.networking.istio.io", "VirtualService")]
    [InlineData("virtualservice.networking.istio.io", "VirtualService")]
    [InlineData("gw", "Gateway")]
    [InlineData("gateway", "Gateway")]
    [InlineData("dr", "DestinationRule")]
    [InlineData("destinationrule", "DestinationRule")]
    [InlineData("se", "ServiceEntry")]
    [InlineData("serviceentries", "ServiceEntry")]
    [InlineData("pa", "PeerAuthentication")]
    [InlineData("peerauthentications.security.istio.io", "PeerAuthentication")]
    [InlineData("ap", "AuthorizationPolicy")]
    [InlineData("authorizationpolicy", "AuthorizationPolicy")]
    [InlineData("sidecar", "Sidecar")]
    [InlineData("sidecars.networking.istio.io", "Sidecar")]
    [InlineData("we", "WorkloadEntry")]
    [InlineData("workloadentries", "WorkloadEntry")]
    [InlineData("wg", "WorkloadGroup")]
    [InlineData("ra", "RequestAuthentication")]
    [InlineData("requestauthentications.security.istio.io", "RequestAuthentication")]
    [InlineData("proxyconfigs", "ProxyConfig")]
    [InlineData("routerules", "RouteRule")]
    [InlineData("routerule.config.istio.io", "RouteRule")]
    [InlineData("destinationpolicies", "DestinationPolicy")]
    [InlineData("egressrule", "EgressRule")]
    [InlineData("jwks", "RemoteJwks")]
    public void Find_AnyAcceptedForm_ReturnsKind(string typed, string expected)
    {
        Assert.Equal(expected, ResourceKinds.Find(typed)?.Kind);
    }

    [Theory]
    [InlineData("virtualservicez")]
    [InlineData("pods")]
    [InlineData("vs.security.istio.io")]
    public void Find_UnknownName_ReturnsNull(string typed)
    {
        Assert.Null(ResourceKinds.Find(typed));
    }

    [Fact]
    public void Singular_VirtualService_IsKubectlForm()
    {
        Assert.Equal("virtualservice.networking.istio.io", KindNames.Singular("VirtualService"));
        Assert.Equal("authorizationpolicy.security.istio.io", KindNames.Singular("AuthorizationPolicy"));
    }

    [Fact]
    public void Resolve_UnknownKind_ThrowsListingKnownKinds()
    {
        var ex = Assert.Throws<GatewayMesh.Cli.CliException>(() => KindNames.Resolve("pods"));
        Assert.Contains("\"pods\"", ex.Message);
        Assert.Contains("VirtualService (virtualservices, vs)", ex.Details[0]);
    }
}
