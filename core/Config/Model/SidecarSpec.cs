using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// The spec of an Istio <c>Sidecar</c>: what the proxies of the selected workloads (all of the namespace without a
/// selector) load and may call (<c>egress</c>), how they receive (<c>ingress</c>), and what happens to hosts outside
/// the mesh registry (<c>outboundTrafficPolicy</c>).
/// </summary>
public sealed record SidecarSpec
{
    public ServiceEntryWorkloadSelector? WorkloadSelector { get; init; }

    public ValueList<IstioIngressListener> Ingress { get; init; }

    public ValueList<IstioEgressListener> Egress { get; init; }

    public ConnectionPoolSettings? InboundConnectionPool { get; init; }

    public OutboundTrafficPolicy? OutboundTrafficPolicy { get; init; }
}

/// <summary>Istio's <c>IstioIngressListener</c>: an inbound port of the workload and where its traffic goes.</summary>
public sealed record IstioIngressListener
{
    public SidecarPort? Port { get; init; }

    public string? Bind { get; init; }

    public CaptureMode? CaptureMode { get; init; }

    /// <summary><c>127.0.0.1:PORT</c>, <c>0.0.0.0:PORT</c>, <c>[::1]:PORT</c>, <c>[::]:PORT</c> or <c>unix://path</c>.</summary>
    public string? DefaultEndpoint { get; init; }

    public ServerTlsSettings? Tls { get; init; }

    public ConnectionPoolSettings? ConnectionPool { get; init; }
}

/// <summary>Istio's <c>IstioEgressListener</c>: the hosts (<c>namespace/dnsName</c>) the workload may reach, on one port or all.</summary>
public sealed record IstioEgressListener
{
    public SidecarPort? Port { get; init; }

    public string? Bind { get; init; }

    public CaptureMode? CaptureMode { get; init; }

    public ValueList<string> Hosts { get; init; }
}

/// <summary>Istio's <c>SidecarPort</c>.</summary>
public sealed record SidecarPort
{
    public int? Number { get; init; }

    public string? Protocol { get; init; }

    public string? Name { get; init; }

    /// <summary>Deprecated in Istio; has no effect on a Sidecar.</summary>
    public int? TargetPort { get; init; }
}

/// <summary>Istio's <c>CaptureMode</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<CaptureMode>))]
public enum CaptureMode
{
    Default = 0,
    Iptables = 1,
    None = 2,
}

/// <summary>Istio's <c>OutboundTrafficPolicy</c>: whether hosts outside the registry (and the egress scope) can be called.</summary>
public sealed record OutboundTrafficPolicy
{
    public OutboundTrafficMode? Mode { get; init; }

    public Destination? EgressProxy { get; init; }
}

/// <summary>Istio's <c>OutboundTrafficPolicy.Mode</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<OutboundTrafficMode>))]
public enum OutboundTrafficMode
{
    RegistryOnly = 0,
    AllowAny = 1,
}
