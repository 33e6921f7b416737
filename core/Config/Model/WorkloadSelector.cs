using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>istio.type.v1beta1.WorkloadSelector</c>: the workloads a policy applies to, by pod labels.</summary>
public sealed record WorkloadSelector
{
    public ValueMap<string, string> MatchLabels { get; init; }
}
