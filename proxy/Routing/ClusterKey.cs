namespace GatewayMesh.Proxy.Routing;

/// <summary>Names one upstream cluster: a service by its FQDN (e.g. reviews.default.svc.cluster.local), an optional DestinationRule subset, an optional port.</summary>
public readonly record struct ClusterKey(string Host, string? Subset, int? Port)
{
    public override string ToString() => $"outbound|{Port?.ToString() ?? ""}|{Subset ?? ""}|{Host}"; // Envoy's naming
}
