using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// IST0101: a route or mirror destination host that no registered service and no ServiceEntry provides, and a
/// DestinationRule host likewise. Skipped without a registry (no instances), where every host would look missing.
/// </summary>
internal static class DestinationHostAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        if (!index.HasRegistry)
        {
            yield break;
        }

        foreach (var service in index.VirtualServices)
        {
            foreach (var (path, destination) in VirtualServiceDestinations.Of(service))
            {
                if (destination.Host is { Length: > 0 } host && !index.HostExists(host, service.Metadata.Namespace))
                {
                    yield return NotFound(ResourceDisplay.Of(service), $"{path}.host", host);
                }
            }
        }

        foreach (var rule in index.DestinationRules)
        {
            if (rule.Spec.Host is { Length: > 0 } host && !host.StartsWith('*') && !index.HostExists(host, rule.Metadata.Namespace))
            {
                yield return NotFound(ResourceDisplay.Of(rule), "spec.host", host);
            }
        }
    }

    private static AnalysisMessage NotFound(string resource, string path, string host) =>
        new(AnalysisCodes.ReferencedResourceNotFound, AnalysisLevel.Warning, resource, path, $"Referenced host not found: \"{host}\"");
}
