using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// IST0109: two or more VirtualServices bound to the same gateway (or all to the mesh) define the same host, so
/// which routes apply is undefined. Each VirtualService involved gets a message naming all of them.
/// </summary>
internal static class ConflictingVirtualServiceHostsAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        var claims = new Dictionary<(GatewayBinding Gateway, string Host), List<(VirtualService Service, int HostIndex)>>();
        foreach (var service in index.VirtualServices)
        {
            var ns = service.Metadata.Namespace;
            foreach (var gateway in GatewayBinding.Of(service.Spec.Gateways, ns))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var h = 0; h < service.Spec.Hosts.Count; h++)
                {
                    var host = MeshHosts.ToFqdn(service.Spec.Hosts[h], ns);
                    if (seen.Add(host))
                    {
                        var key = (gateway, host);
                        claims.TryGetValue(key, out var list);
                        claims[key] = list ??= [];
                        list.Add((service, h));
                    }
                }
            }
        }

        foreach (var ((gateway, host), services) in claims.Where(c => c.Value.Count > 1))
        {
            var names = string.Join(", ", services.Select(s => $"{s.Service.Metadata.Namespace}/{s.Service.Metadata.Name}").Order(StringComparer.Ordinal));
            foreach (var (service, hostIndex) in services)
            {
                yield return new AnalysisMessage(
                    AnalysisCodes.ConflictingVirtualServiceHosts, AnalysisLevel.Warning, ResourceDisplay.Of(service), $"spec.hosts[{hostIndex}]",
                    $"The VirtualServices {names} bound to {gateway} define the same host \"{host}\", which leaves routing undefined; merge them into one VirtualService");
            }
        }
    }
}
