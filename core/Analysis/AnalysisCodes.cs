namespace GatewayMesh.Core.Analysis;

/// <summary>Stable message codes, reusing Istio's where the meaning matches (see docs/analysis-codes.md).</summary>
public static class AnalysisCodes
{
    /// <summary>A reference (gateway, host, host+subset) names something that does not exist.</summary>
    public const string ReferencedResourceNotFound = "IST0101";

    /// <summary>Two VirtualServices bound to the same gateway (or both to the mesh) define the same host.</summary>
    public const string ConflictingVirtualServiceHosts = "IST0109";
}
