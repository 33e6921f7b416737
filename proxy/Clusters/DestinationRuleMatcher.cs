using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// Finds the DestinationRule for a host. A rule's host is read in the rule's own namespace, so <c>reviews</c> in
/// <c>default</c> names <c>reviews.default.svc.cluster.local</c>, while another namespace must write the FQDN (or a
/// wildcard). The most specific rule wins: an exact host before a wildcard (longer suffix first), a rule in the
/// host's namespace before one elsewhere, then by namespace/name. Rules with a workloadSelector apply to chosen client
/// workloads only and are left out of this proxy-independent table.
/// </summary>
internal sealed class DestinationRuleMatcher
{
    private readonly List<(string Pattern, DestinationRule Rule)> _rules;

    public DestinationRuleMatcher(IEnumerable<ConfigResource> configs) =>
        _rules = configs.OfType<DestinationRule>()
            .Where(r => r.Spec.WorkloadSelector is null && !string.IsNullOrWhiteSpace(r.Spec.Host))
            .OrderBy(r => r.Key)
            .Select(r => (MeshHosts.ToFqdn(r.Spec.Host!, r.Metadata.Namespace), r))
            .ToList();

    public DestinationRule? Find(string fqdn, string hostNamespace) =>
        _rules
            .Where(r => MeshHosts.Matches(r.Pattern, fqdn))
            .OrderBy(r => MeshHosts.IsWildcard(r.Pattern) ? 1 : 0)
            .ThenByDescending(r => r.Pattern.Length)
            .ThenBy(r => r.Rule.Metadata.Namespace == hostNamespace ? 0 : 1)
            .Select(r => r.Rule)
            .FirstOrDefault();
}
