using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// IST0127: a Sidecar, RequestAuthentication or ProxyConfig selects workloads by labels, and no registered workload in
/// its namespace (in every namespace, for one in the root namespace istio-system) has them. Skipped without a registry.
/// </summary>
internal static class SelectorMatchAnalyzer
{
    private const string RootNamespace = "istio-system";

    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        if (!index.HasRegistry)
        {
            yield break;
        }

        foreach (var resource in index.Configs)
        {
            var (labels, path) = resource switch
            {
                Config.Model.Sidecar s => (s.Spec.WorkloadSelector?.Labels ?? default, "spec.workloadSelector.labels"),
                RequestAuthentication r => (r.Spec.Selector?.MatchLabels ?? default, "spec.selector.matchLabels"),
                ProxyConfig p => (p.Spec.Selector?.MatchLabels ?? default, "spec.selector.matchLabels"),
                _ => (default(ValueMap<string, string>), ""),
            };
            if (labels.IsEmpty)
            {
                continue;
            }

            var ns = resource.Metadata.Namespace;
            var matches = index.Instances.Any(i =>
                (ns == RootNamespace || i.Namespace == ns) && labels.All(l => i.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
            if (!matches)
            {
                var selector = string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
                yield return new AnalysisMessage(
                    AnalysisCodes.NoMatchingWorkloadsFound, AnalysisLevel.Warning, ResourceDisplay.Of(resource), path,
                    $"No matching workloads for this resource with the following labels: {selector}");
            }
        }
    }
}
