using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayMesh.UnitTests.Security;

public sealed class UpstreamTransportsTests
{
    private static readonly Endpoint Labelled = Endpoint("10.0.0.1", "reviews", "default", meshTls: true);
    private static readonly Endpoint Unlabelled = Endpoint("10.0.0.2", "reviews-v2", "prod", meshTls: false);

    [Theory]
    [InlineData(null, true, true, UpstreamTransport.MutualTls)]
    [InlineData(null, false, true, UpstreamTransport.Plaintext)]
    [InlineData(null, true, false, UpstreamTransport.Plaintext)]
    [InlineData(ClientTlsMode.IstioMutual, false, true, UpstreamTransport.MutualTls)]
    [InlineData(ClientTlsMode.IstioMutual, true, false, UpstreamTransport.MutualTlsUnavailable)]
    [InlineData(ClientTlsMode.Disable, true, true, UpstreamTransport.Plaintext)]
    [InlineData(ClientTlsMode.Simple, true, true, UpstreamTransport.Plaintext)]
    public void Choose_ModeLabelAndCertificate_TransportAsIstio(ClientTlsMode? mode, bool labelled, bool canOriginate, UpstreamTransport expected)
    {
        var policy = new ClusterPolicy { Tls = mode is null ? null : new ClientTlsSettings { Mode = mode } };

        var transport = UpstreamTransports.Choose(policy, labelled ? Labelled : Unlabelled, canOriginate);

        Assert.Equal(expected, transport);
    }

    [Fact]
    public void ServerIdentities_MixedCluster_OnlyEndpointsReachedOverMutualTlsSorted()
    {
        var tls = new UpstreamTls(new NoCertificates(), new MeshTransportOptions { TrustDomain = "example.org" }, TimeProvider.System, NullLogger<UpstreamTls>.Instance);
        var auto = new Cluster(new ClusterKey("reviews.default.svc.cluster.local", null, null), new ValueList<Endpoint>([Unlabelled, Labelled]), ClusterPolicy.Default);
        var required = auto with { Policy = new ClusterPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.IstioMutual } } };

        Assert.Equal(["spiffe://example.org/ns/default/sa/reviews"], tls.ServerIdentities(auto));
        Assert.Equal(["spiffe://example.org/ns/default/sa/reviews", "spiffe://example.org/ns/prod/sa/reviews-v2"], tls.ServerIdentities(required));
        Assert.Empty(tls.ServerIdentities(auto with { Policy = new ClusterPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.Disable } } }));
    }

    [Fact]
    public void IdentityOf_NoNamespaceOrServiceAccount_DefaultsAsKubernetes()
    {
        var tls = new UpstreamTls(null, new MeshTransportOptions(), TimeProvider.System, NullLogger<UpstreamTls>.Instance);

        var identity = tls.IdentityOf(new Endpoint("10.0.0.3", 80, default, "se-0", ""));

        Assert.Equal("spiffe://cluster.local/ns/default/sa/default", identity.ToString());
        Assert.False(tls.CanOriginate);
    }

    private static Endpoint Endpoint(string address, string serviceAccount, string ns, bool meshTls)
    {
        var labels = new Dictionary<string, string> { ["app"] = "reviews" };
        if (meshTls)
        {
            labels[UpstreamTransports.TlsModeLabel] = UpstreamTransports.TlsModeIstio;
        }

        return new Endpoint(address, 9080, labels.ToValueMap(), address, serviceAccount, ns);
    }

    private sealed class NoCertificates : GatewayMesh.Proxy.Identity.IWorkloadCertificateSource
    {
        public GatewayMesh.Core.Identity.SpiffeId Identity { get; } = new("example.org", "default", "productpage");

        public GatewayMesh.Proxy.Identity.WorkloadCertificate? Current => null;

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);
    }
}
