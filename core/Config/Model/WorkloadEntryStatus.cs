using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// Istio's <c>IstioStatus</c> on a WorkloadEntry, as the control plane writes it: conditions such as <c>Healthy</c>,
/// which the registry sets from the readiness probe a group member's proxy runs. Users never write it: a top-level
/// <c>status</c> in YAML is dropped by the parser, as the Kubernetes API drops it on a spec write.
/// </summary>
public sealed record WorkloadEntryStatus
{
    public ValueList<IstioCondition> Conditions { get; init; }
}

/// <summary>Istio's <c>IstioCondition</c>: a type, <c>"True"</c> or <c>"False"</c>, and when it was last probed and last changed (RFC 3339).</summary>
public sealed record IstioCondition
{
    /// <summary>The condition Istio sets on a WorkloadEntry whose group has a probe: the member's readiness.</summary>
    public const string Healthy = "Healthy";

    public string Type { get; init; } = "";

    public string Status { get; init; } = "";

    public string? LastProbeTime { get; init; }

    public string? LastTransitionTime { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}
