using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>IST0101: a VirtualService (or one of its route matches) names a Gateway that does not exist; "mesh" always does.</summary>
internal static class GatewayReferenceAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        foreach (var service in index.VirtualServices)
        {
            foreach (var (path, reference) in References(service))
            {
                var binding = GatewayBinding.Resolve(reference, service.Metadata.Namespace);
                if (!binding.IsMesh && !index.GatewayExists(binding.Namespace, binding.Name))
                {
                    yield return new AnalysisMessage(
                        AnalysisCodes.ReferencedResourceNotFound, AnalysisLevel.Warning, ResourceDisplay.Of(service), path,
                        $"Referenced gateway not found: \"{reference}\"");
                }
            }
        }
    }

    private static IEnumerable<(string Path, string Reference)> References(VirtualService service)
    {
        var spec = service.Spec;
        var lists = new List<(string Path, IReadOnlyList<string> Gateways)> { ("spec.gateways", spec.Gateways) };
        lists.AddRange(spec.Http.SelectMany((r, i) => r.Match.Select((m, j) => ($"spec.http[{i}].match[{j}].gateways", (IReadOnlyList<string>)m.Gateways))));
        lists.AddRange(spec.Tls.SelectMany((r, i) => r.Match.Select((m, j) => ($"spec.tls[{i}].match[{j}].gateways", (IReadOnlyList<string>)m.Gateways))));
        lists.AddRange(spec.Tcp.SelectMany((r, i) => r.Match.Select((m, j) => ($"spec.tcp[{i}].match[{j}].gateways", (IReadOnlyList<string>)m.Gateways))));
        return lists.SelectMany(list => list.Gateways.Select((gateway, k) => ($"{list.Path}[{k}]", gateway)));
    }
}
