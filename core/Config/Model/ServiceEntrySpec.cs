using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>ServiceEntry</c>: adds a service (often external) to the mesh's service registry.</summary>
public sealed record ServiceEntrySpec
{
    public ValueList<string> Hosts { get; init; }

    public ValueList<string> Addresses { get; init; }

    public ValueList<ServicePort> Ports { get; init; }

    public ServiceEntryLocation? Location { get; init; }

    public ServiceEntryResolution? Resolution { get; init; }

    public ValueList<WorkloadEntrySpec> Endpoints { get; init; }

    public ServiceEntryWorkloadSelector? WorkloadSelector { get; init; }

    public ValueList<string> ExportTo { get; init; }

    public ValueList<string> SubjectAltNames { get; init; }
}

/// <summary>Istio's <c>ServicePort</c>: a port of a service entry.</summary>
public sealed record ServicePort
{
    public int? Number { get; init; }

    public string? Protocol { get; init; }

    public string? Name { get; init; }

    public int? TargetPort { get; init; }
}

/// <summary>Istio's <c>ServiceEntry.Location</c>: whether the service is outside or part of the mesh.</summary>
[JsonConverter(typeof(MeshEnumConverter<ServiceEntryLocation>))]
public enum ServiceEntryLocation
{
    MeshExternal = 0,
    MeshInternal = 1,
}

/// <summary>Istio's <c>ServiceEntry.Resolution</c>: how the proxy finds the service's endpoints.</summary>
[JsonConverter(typeof(MeshEnumConverter<ServiceEntryResolution>))]
public enum ServiceEntryResolution
{
    None = 0,
    Static = 1,
    Dns = 2,
    DnsRoundRobin = 3,
    DynamicDns = 4,
}

/// <summary>Istio's <c>WorkloadEntry</c> spec: one workload's address, ports and labels; a service entry endpoint, and the spec of the WorkloadEntry kind.</summary>
public sealed record WorkloadEntrySpec
{
    public string? Address { get; init; }

    public ValueMap<string, int> Ports { get; init; }

    public ValueMap<string, string> Labels { get; init; }

    public string? Network { get; init; }

    public string? Locality { get; init; }

    public int? Weight { get; init; }

    public string? ServiceAccount { get; init; }
}

/// <summary>Istio's networking <c>WorkloadSelector</c> (<c>labels</c>, not <c>matchLabels</c>): selects a service entry's endpoints among workloads.</summary>
public sealed record ServiceEntryWorkloadSelector
{
    public ValueMap<string, string> Labels { get; init; }
}
