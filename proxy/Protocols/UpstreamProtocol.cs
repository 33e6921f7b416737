namespace GatewayMesh.Proxy.Protocols;

/// <summary>What an upstream is declared to speak, from Istio's port <c>protocol</c> or port-name prefix.</summary>
public enum UpstreamProtocol
{
    /// <summary>Nothing declared: the proxy keeps the version the client used (an HTTP/2 request goes upstream as h2c).</summary>
    Unspecified,

    /// <summary>HTTP/1.1 (<c>HTTP</c>, <c>http-*</c>).</summary>
    Http1,

    /// <summary>HTTP/2 over cleartext with prior knowledge (<c>HTTP2</c>, <c>GRPC</c>, <c>GRPC-WEB</c>, <c>h2c</c>, and their <c>-*</c> names).</summary>
    Http2,
}

/// <summary>Reads a declared protocol the way Istio's protocol selection does: the explicit protocol first, else the port name's prefix.</summary>
public static class UpstreamProtocols
{
    /// <summary>
    /// The protocol of a port declared with <paramref name="protocol"/> (e.g. <c>GRPC</c>) and/or named
    /// <paramref name="portName"/> (e.g. <c>grpc-api</c>, <c>http2</c>). Anything else (TCP, HTTPS, TLS, unknown) is
    /// <see cref="UpstreamProtocol.Unspecified"/>: the client's version is kept.
    /// </summary>
    public static UpstreamProtocol Parse(string? protocol, string? portName = null)
    {
        var fromProtocol = FromName(protocol);
        if (fromProtocol != UpstreamProtocol.Unspecified || !string.IsNullOrWhiteSpace(protocol))
        {
            return fromProtocol;
        }

        if (string.IsNullOrWhiteSpace(portName))
        {
            return UpstreamProtocol.Unspecified;
        }

        var dash = portName.IndexOf('-', StringComparison.Ordinal);
        return FromName(dash < 0 ? portName : portName[..dash]);
    }

    private static UpstreamProtocol FromName(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "HTTP" or "HTTP1" => UpstreamProtocol.Http1,
        "HTTP2" or "H2C" or "GRPC" or "GRPC-WEB" => UpstreamProtocol.Http2,
        _ => UpstreamProtocol.Unspecified,
    };
}
