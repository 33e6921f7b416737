using GatewayMesh.Proxy.Protocols;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// The record step of TCP streams that are not requests of a pipeline (the sidecar's CONNECT tunnels): asked once when
/// a stream opens, it counts the opening and returns the observer the relay reports bytes and the close to, or null
/// when nothing is recorded. Optional: registered by the telemetry (<c>AddMeshTelemetry</c>); without it tunnels run
/// unobserved. Upgraded requests (WebSockets) are observed by a step of the request pipeline instead.
/// </summary>
public interface ITcpStreamRecorder
{
    ITcpStreamObserver? Open(in TcpStreamStart stream);
}

/// <summary>
/// Where a TCP stream goes: the listener it came in on, the picked mesh endpoint (null for a host outside the
/// registry), the routed service host (null outside the registry) and the cluster (<c>outbound|8080||echo...</c>,
/// <c>PassthroughCluster</c>).
/// </summary>
public readonly record struct TcpStreamStart(ProxyListener Listener, Endpoint? Endpoint, string? ServiceHost, string ClusterName);
