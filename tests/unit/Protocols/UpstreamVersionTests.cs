using System.Net;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit;

namespace GatewayMesh.UnitTests.Protocols;

public class UpstreamVersionTests
{
    private static readonly (Version, HttpVersionPolicy) Http11 = (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower);
    private static readonly (Version, HttpVersionPolicy) H2c = (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact);

    [Theory]
    [InlineData("HTTP/2", UpstreamProtocol.Unspecified, true)]
    [InlineData("HTTP/1.1", UpstreamProtocol.Unspecified, false)]
    [InlineData("HTTP/1.1", UpstreamProtocol.Http2, true)]
    [InlineData("HTTP/2", UpstreamProtocol.Http1, false)]
    public void Choose_DeclaredProtocolElseClientVersion(string clientProtocol, UpstreamProtocol declared, bool expectH2c)
    {
        Assert.Equal(expectH2c ? H2c : Http11, UpstreamVersion.Choose(Request(clientProtocol), declared));
    }

    [Fact]
    public void Choose_UseClientProtocol_KeepsClientVersionOverDeclared()
    {
        var settings = new HttpSettings { UseClientProtocol = true };

        Assert.Equal(Http11, UpstreamVersion.Choose(Request("HTTP/1.1"), UpstreamProtocol.Http2, settings));
        Assert.Equal(H2c, UpstreamVersion.Choose(Request("HTTP/2"), UpstreamProtocol.Http1, settings));
    }

    [Fact]
    public void Choose_H2UpgradePolicyUpgrade_SendsHttp11ClientsAsH2c()
    {
        var settings = new HttpSettings { H2UpgradePolicy = H2UpgradePolicy.Upgrade };

        Assert.Equal(H2c, UpstreamVersion.Choose(Request("HTTP/1.1"), UpstreamProtocol.Unspecified, settings));
    }

    [Fact]
    public void OverMeshTls_Http11Request_OffersHttp2ByAlpnOrLower()
    {
        var config = UpstreamVersion.Config(Request("HTTP/1.1"), UpstreamProtocol.Unspecified, TimeSpan.FromSeconds(5));

        var mesh = UpstreamVersion.OverMeshTls(config, Request("HTTP/1.1"));

        Assert.Equal((HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower), (mesh.Version, mesh.VersionPolicy));
        Assert.Equal(TimeSpan.FromSeconds(5), mesh.ActivityTimeout);
    }

    [Fact]
    public void OverMeshTls_WebSocketHandshakeOrDeclaredH2_Unchanged()
    {
        var websocket = Request("HTTP/2");
        websocket.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect());
        var upgrade = UpstreamVersion.Config(websocket, UpstreamProtocol.Unspecified, TimeSpan.FromSeconds(5));
        var grpc = UpstreamVersion.Config(Request("HTTP/2"), UpstreamProtocol.Http2, TimeSpan.FromSeconds(5));

        Assert.Equal(upgrade, UpstreamVersion.OverMeshTls(upgrade, websocket));
        Assert.Equal(grpc, UpstreamVersion.OverMeshTls(grpc, Request("HTTP/2")));
    }

    [Fact]
    public void Choose_WebSocketHandshake_AlwaysHttp11Upgrade()
    {
        var context = Request("HTTP/2");
        context.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect());

        Assert.Equal(Http11, UpstreamVersion.Choose(context, UpstreamProtocol.Http2));
    }

    [Fact]
    public void Config_CarriesVersionAndActivityTimeout()
    {
        var config = UpstreamVersion.Config(Request("HTTP/2"), UpstreamProtocol.Unspecified, TimeSpan.FromSeconds(7));

        Assert.Equal(HttpVersion.Version20, config.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, config.VersionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(7), config.ActivityTimeout);
    }

    private static DefaultHttpContext Request(string protocol)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        return context;
    }

    private sealed class ExtendedConnect : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => true;

        public string? Protocol => "websocket";

        public ValueTask<Stream> AcceptAsync() => throw new NotSupportedException();
    }
}
