using GatewayMesh.Proxy.LoadBalancing;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// Where a CONNECT goes: a host and port to open a TCP connection to (with the endpoint lease to hold while the
/// tunnel lives, for least-request balancing; for a mesh host also the picked endpoint and the routed service host, which
/// the tunnel's metrics name), or a refusal with its status and one-line reason.
/// </summary>
internal readonly record struct ConnectDecision(
    string? Host, int Port, EndpointLease Lease, string Upstream, int Status, string Reason, Endpoint? Endpoint = null, string? ServiceHost = null)
{
    public bool Refused => Host is null;

    public static ConnectDecision To(string host, int port, string upstream, EndpointLease lease = default) =>
        new(host, port, lease, upstream, 200, "");

    public static ConnectDecision ToMesh(Endpoint endpoint, string upstream, string serviceHost, EndpointLease lease) =>
        new(endpoint.Address, endpoint.Port, lease, upstream, 200, "", endpoint, serviceHost);

    public static ConnectDecision Refuse(int status, string reason) => new(null, 0, default, "", status, reason);
}
