namespace GatewayMesh.Core.Analysis;

/// <summary>Stable message codes, reusing Istio's where the meaning matches (see docs/analysis-codes.md).</summary>
public static class AnalysisCodes
{
    /// <summary>A reference (gateway, host, host+subset) names something that does not exist.</summary>
    public const string ReferencedResourceNotFound = "IST0101";

    /// <summary>Two VirtualServices bound to the same gateway (or both to the mesh) define the same host.</summary>
    public const string ConflictingVirtualServiceHosts = "IST0109";

    // --- config fidelity (issue 12) ---

    /// <summary>Sidecars with workload selectors select the same workload.</summary>
    public const string ConflictingSidecarWorkloadSelectors = "IST0110";

    /// <summary>More than one Sidecar in a namespace has no workload selector.</summary>
    public const string MultipleSidecarsWithoutWorkloadSelectors = "IST0111";

    /// <summary>A selector matches no registered workload.</summary>
    public const string NoMatchingWorkloadsFound = "IST0127";

    /// <summary>An Istio 0.x rule and a v1 resource name the same host (GatewayMesh's own code: Istio never had both).</summary>
    public const string LegacyRuleConflict = "GM0001";

    /// <summary>A field GatewayMesh accepts (validates and stores) but does not apply, e.g. ProxyConfig concurrency.</summary>
    public const string InertSetting = "GM0002";
    // --- end config fidelity ---
}
