using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// IST0111: more than one Sidecar without a workloadSelector in a namespace; IST0110: Sidecars with selectors that
/// select the same registered workload. Either way which one a proxy applies is undefined (here: the oldest by name).
/// </summary>
internal static class SidecarSelectorAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        var sidecars = index.Configs.OfType<Config.Model.Sidecar>().ToList();
        foreach (var group in sidecars.Where(s => s.Spec.WorkloadSelector is null).GroupBy(s => s.Metadata.Namespace).Where(g => g.Count() > 1))
        {
            var names = string.Join(", ", group.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
            foreach (var sidecar in group)
            {
                yield return new AnalysisMessage(
                    AnalysisCodes.MultipleSidecarsWithoutWorkloadSelectors, AnalysisLevel.Warning, ResourceDisplay.Of(sidecar), "spec",
                    $"The Sidecars {names} in namespace \"{group.Key}\" have no workload selector, which leaves which one applies undefined");
            }
        }

        foreach (var instance in index.Instances)
        {
            var selecting = sidecars
                .Where(s => s.Metadata.Namespace == instance.Namespace && s.Spec.WorkloadSelector is { Labels.IsEmpty: false } selector &&
                            selector.Labels.All(l => instance.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .ToList();
            if (selecting.Count < 2)
            {
                continue;
            }

            var names = string.Join(", ", selecting.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
            foreach (var sidecar in selecting)
            {
                yield return new AnalysisMessage(
                    AnalysisCodes.ConflictingSidecarWorkloadSelectors, AnalysisLevel.Warning, ResourceDisplay.Of(sidecar), "spec.workloadSelector",
                    $"The Sidecars {names} in namespace \"{instance.Namespace}\" select the same workload \"{instance.InstanceId}\", which leaves which one applies undefined");
            }
        }
    }
}
