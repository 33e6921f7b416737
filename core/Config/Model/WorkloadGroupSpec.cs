using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// The spec of an Istio <c>WorkloadGroup</c>: the template a non-Kubernetes workload (a VM, a bare process) takes when
/// its proxy joins the mesh as a member of the group, and how its health is probed.
/// </summary>
public sealed record WorkloadGroupSpec
{
    public WorkloadGroupMetadata? Metadata { get; init; }

    public WorkloadEntrySpec? Template { get; init; }

    public ReadinessProbe? Probe { get; init; }
}

/// <summary>Istio's <c>WorkloadGroup.ObjectMeta</c>: labels and annotations every member gets.</summary>
public sealed record WorkloadGroupMetadata
{
    public ValueMap<string, string> Labels { get; init; }

    public ValueMap<string, string> Annotations { get; init; }
}

/// <summary>Istio's <c>ReadinessProbe</c>: one of httpGet, tcpSocket, exec or grpc, with Kubernetes' probe timings.</summary>
public sealed record ReadinessProbe
{
    public int? InitialDelaySeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? PeriodSeconds { get; init; }

    public int? SuccessThreshold { get; init; }

    public int? FailureThreshold { get; init; }

    public HttpHealthCheck? HttpGet { get; init; }

    public TcpHealthCheck? TcpSocket { get; init; }

    public ExecHealthCheck? Exec { get; init; }

    public GrpcHealthCheck? Grpc { get; init; }
}

/// <summary>Istio's <c>HTTPHealthCheckConfig</c>.</summary>
public sealed record HttpHealthCheck
{
    public string? Path { get; init; }

    public int? Port { get; init; }

    public string? Host { get; init; }

    public string? Scheme { get; init; }

    public ValueList<HttpProbeHeader> HttpHeaders { get; init; }
}

/// <summary>Istio's <c>HTTPHeader</c> of a probe.</summary>
public sealed record HttpProbeHeader
{
    public string? Name { get; init; }

    public string? Value { get; init; }
}

/// <summary>Istio's <c>TCPHealthCheckConfig</c>.</summary>
public sealed record TcpHealthCheck
{
    public string? Host { get; init; }

    public int? Port { get; init; }
}

/// <summary>Istio's <c>ExecHealthCheckConfig</c>.</summary>
public sealed record ExecHealthCheck
{
    public ValueList<string> Command { get; init; }
}

/// <summary>Istio's <c>GrpcHealthCheckConfig</c>.</summary>
public sealed record GrpcHealthCheck
{
    public int? Port { get; init; }

    public string? Service { get; init; }
}
