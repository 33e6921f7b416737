using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Legacy;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// GM0001: an Istio 0.x rule and a v1 resource name the same host: a RouteRule and a VirtualService (bound to the
/// mesh), a DestinationPolicy and a DestinationRule, an EgressRule and a ServiceEntry. The v1 resource wins and the 0.x
/// rule is ignored for that host; both get a message naming the other.
/// </summary>
internal static class LegacyRuleConflictAnalyzer
{
    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        var legacy = index.Configs.Where(LegacyTranslation.IsLegacy).ToList();
        if (legacy.Count == 0)
        {
            return [];
        }

        var messages = new List<AnalysisMessage>();
        foreach (var rule in legacy.OfType<RouteRule>().Where(r => r.Spec.Destination is not null))
        {
            var host = LegacyHosts.Fqdn(rule.Spec.Destination!, rule.Metadata.Namespace);
            foreach (var vs in index.VirtualServices.Where(vs => vs.Spec.Gateways.IsEmpty || vs.Spec.Gateways.Contains("mesh")))
            {
                var h = IndexOf(vs.Spec.Hosts, vs.Metadata.Namespace, host);
                if (h >= 0)
                {
                    Pair(messages, rule, "spec.destination", vs, $"spec.hosts[{h}]", host, "routes");
                }
            }
        }

        foreach (var policy in legacy.OfType<DestinationPolicy>().Where(p => p.Spec.Destination is not null))
        {
            var host = LegacyHosts.Fqdn(policy.Spec.Destination!, policy.Metadata.Namespace);
            foreach (var rule in index.DestinationRules.Where(r => r.Spec.Host is not null && MeshHosts.ToFqdn(r.Spec.Host, r.Metadata.Namespace) == host))
            {
                Pair(messages, policy, "spec.destination", rule, "spec.host", host, "sets traffic policy for");
            }
        }

        foreach (var egress in legacy.OfType<EgressRule>().Where(e => e.Spec.Destination?.Service is not null))
        {
            var host = egress.Spec.Destination!.Service!.ToLowerInvariant();
            foreach (var entry in index.ServiceEntries)
            {
                var h = IndexOf(entry.Spec.Hosts, entry.Metadata.Namespace, host);
                if (h >= 0)
                {
                    Pair(messages, egress, "spec.destination.service", entry, $"spec.hosts[{h}]", host, "declares");
                }
            }
        }

        return messages;
    }

    private static int IndexOf(IReadOnlyList<string> hosts, string ns, string fqdn)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            if (MeshHosts.ToFqdn(hosts[i], ns) == fqdn)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Pair(List<AnalysisMessage> messages, ConfigResource legacy, string legacyPath, ConfigResource v1, string v1Path, string host, string verb)
    {
        var (legacyName, v1Name) = (ResourceDisplay.Of(legacy), ResourceDisplay.Of(v1));
        var message = $"{legacyName} (Istio 0.x) and {v1Name} both {verb} host \"{host}\"; the {v1.Kind} wins and the {legacy.Kind} is ignored for this host: delete one (meshctl convert prints the v1 form of the {legacy.Kind})";
        messages.Add(new AnalysisMessage(AnalysisCodes.LegacyRuleConflict, AnalysisLevel.Warning, legacyName, legacyPath, message));
        messages.Add(new AnalysisMessage(AnalysisCodes.LegacyRuleConflict, AnalysisLevel.Warning, v1Name, v1Path, message));
    }
}
