using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>IST0101: a route or mirror names a subset that no DestinationRule for its host defines.</summary>
internal static class SubsetReferenceAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        foreach (var service in index.VirtualServices)
        {
            var ns = service.Metadata.Namespace;
            foreach (var (path, destination) in VirtualServiceDestinations.Of(service))
            {
                if (destination is not { Host: { Length: > 0 } host, Subset: { Length: > 0 } subset })
                {
                    continue;
                }

                var defined = index.RulesFor(host, ns).Any(rule => rule.Spec.Subsets.Any(s => s.Name == subset));
                if (!defined)
                {
                    yield return new AnalysisMessage(
                        AnalysisCodes.ReferencedResourceNotFound, AnalysisLevel.Warning, ResourceDisplay.Of(service), $"{path}.subset",
                        $"Referenced host+subset in destinationrule not found: \"{host}+{subset}\"");
                }
            }
        }
    }
}
