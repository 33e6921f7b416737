namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// Told about one TCP stream a proxy carries (a CONNECT tunnel, an upgraded WebSocket connection) while its bytes move:
/// what Istio's <c>istio_tcp_*</c> metrics count. As Envoy counts them, <em>received</em> is what the downstream client
/// sent (toward the upstream) and <em>sent</em> is what the proxy wrote back to it. Called from the copy loops, once per
/// read or write: an implementation adds to counters and never blocks, allocates or throws.
/// </summary>
public interface ITcpStreamObserver
{
    /// <summary><paramref name="bytes"/> from the downstream client were passed on.</summary>
    void Received(int bytes);

    /// <summary><paramref name="bytes"/> were written to the downstream client.</summary>
    void Sent(int bytes);

    /// <summary>The stream has ended (either side, any reason). Called once.</summary>
    void Closed();
}
