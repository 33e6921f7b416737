using System.Net;
using GatewayMesh.Core.Config.Model;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// One forwarder config in the three upstream versions a request can need (<see cref="UpstreamVersion"/>): HTTP/1.1,
/// h2c requested exactly, and HTTP/2 "or lower" over mesh mTLS. Built once per route destination (or listener), so
/// choosing the version per request allocates nothing.
/// </summary>
public sealed class UpstreamRequestConfigs
{
    private readonly ForwarderRequestConfig _http11;
    private readonly ForwarderRequestConfig _h2c;
    private readonly ForwarderRequestConfig _meshH2;

    public UpstreamRequestConfigs(ForwarderRequestConfig config)
    {
        _http11 = config with { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        _h2c = config with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        _meshH2 = config with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
    }

    /// <summary>The config for <paramref name="context"/> to an upstream declaring <paramref name="declared"/>; <paramref name="overMeshTls"/> when the hop is mesh mTLS.</summary>
    public ForwarderRequestConfig For(HttpContext context, UpstreamProtocol declared, HttpSettings? settings = null, bool overMeshTls = false)
    {
        var (version, _) = UpstreamVersion.Choose(context, declared, settings);
        if (version == HttpVersion.Version20)
        {
            return _h2c;
        }

        return overMeshTls && !UpstreamVersion.IsWebSocketHandshake(context) ? _meshH2 : _http11;
    }
}
