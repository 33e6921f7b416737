using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// A 0.x <c>source</c> as the caller's workload: Istio 0.x matched the calling service by name; the mesh knows a
/// workload's service by its <c>app</c> label (as Bookinfo and Istio's conventions label them), so a source named
/// <c>reviews</c> is the workload labelled <c>app: reviews</c>.
/// </summary>
internal static class LegacySources
{
    public static string? AppName(IstioService source) =>
        !string.IsNullOrEmpty(source.Name) ? source.Name
        : !string.IsNullOrEmpty(source.Service) && !source.Service.StartsWith('*') && !source.Service.Contains('/', StringComparison.Ordinal)
            ? source.Service.Split('.')[0]
            : null;

    /// <summary>The caller's namespace: given, or the FQDN's, or (for a short name) the rule's, as 0.x resolved it.</summary>
    public static string? Namespace(IstioService source, string ruleNamespace) =>
        !string.IsNullOrEmpty(source.Namespace) ? source.Namespace
        : !string.IsNullOrEmpty(source.Name) ? ruleNamespace
        : source.Service?.Split('.') is { Length: >= 3 } parts && parts[2] == "svc" ? parts[1]
        : null;
}
