using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Which kind of proxy a route table is compiled for.</summary>
public enum ProxyRole
{
    /// <summary>The edge proxy: serves the Gateways whose selector matches its labels.</summary>
    Ingress,

    /// <summary>A workload's proxy: routes the workload's outbound calls to mesh services.</summary>
    Sidecar,
}

/// <summary>
/// Who the proxy is, as far as routing cares: its role, its namespace (where short host names resolve),
/// its workload labels (matched by Gateway <c>selector</c>, <c>sourceLabels</c> and Sidecar <c>workloadSelector</c>) and,
/// for a sidecar, its service; and where it runs (<see cref="Locality"/>, for locality load balancing).
/// </summary>
public sealed record ProxyIdentity(ProxyRole Role, string Namespace, ValueMap<string, string> Labels, string? ServiceName = null)
{
    /// <summary>The proxy's locality: <c>--locality</c>, else what its labels say (topology labels, <c>istio-locality</c>); may be unknown.</summary>
    public Locality Locality { get; init; } = Locality.FromLabels(Labels);

    /// <summary>The mesh's root namespace (<c>--root-namespace</c>), whose Sidecar without a selector is the mesh-wide default.</summary>
    public string RootNamespace { get; init; } = "istio-system";

    public static ProxyIdentity Ingress(ValueMap<string, string> labels, string @namespace = "istio-system") =>
        new(ProxyRole.Ingress, @namespace, labels);

    public static ProxyIdentity Sidecar(string serviceName, string @namespace, ValueMap<string, string> labels) =>
        new(ProxyRole.Sidecar, @namespace, labels, serviceName);
}
