using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// Where a CONNECT goes: a host and port to open a TCP connection to (with the endpoint lease to hold while the
/// tunnel lives, for least-request balancing), or a refusal with its status and one-line reason.
/// </summary>
internal readonly record struct ConnectDecision(string? Host, int Port, EndpointLease Lease, string Upstream, int Status, string Reason)
{
    public bool Refused => Host is null;

    public static ConnectDecision To(string host, int port, string upstream, EndpointLease lease = default) =>
        new(host, port, lease, upstream, 200, "");

    public static ConnectDecision Refuse(int status, string reason) => new(null, 0, default, "", status, reason);
}
