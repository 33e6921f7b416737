namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// A connection feature: the port a client dialled before the pod's iptables rules redirected its connection to this
/// listener (a sidecar under <c>--capture iptables</c> reads it with <c>SO_ORIGINAL_DST</c> when it accepts the
/// connection). The inbound mTLS mode and the authorization's <c>destination.port</c> are decided for this port, the
/// workload port the client meant, not for the listener that happened to accept it. Absent when the connection was
/// not redirected.
/// </summary>
public interface IDialledPortFeature
{
    int Port { get; }
}
