using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// What the route and cluster compilers see: the stored resources plus the v1 translation of any Istio 0.x
/// rules, so 0.x rules land in the same route and cluster tables. Where both name the same host, v1 wins: a RouteRule
/// for a host a VirtualService routes is left out, a DestinationPolicy for a host a DestinationRule covers is left
/// out (the subsets the RouteRules need are still added to that DestinationRule, by label), an EgressRule for a host a
/// ServiceEntry declares is left out. <c>meshctl analyze</c> warns about each such pair.
/// </summary>
public static class LegacyView
{
    /// <summary>The translated resources that take effect next to <paramref name="configs"/> (v1 first).</summary>
    public static IReadOnlyList<ConfigResource> Effective(IReadOnlyCollection<ConfigResource> configs)
    {
        var translated = LegacyTranslation.Translate(configs).Resources;
        var routedHosts = configs.OfType<VirtualService>()
            .Where(vs => vs.Spec.Gateways.IsEmpty || vs.Spec.Gateways.Contains("mesh"))
            .SelectMany(vs => vs.Spec.Hosts.Select(h => MeshHosts.ToFqdn(h, vs.Metadata.Namespace)))
            .ToHashSet(StringComparer.Ordinal);
        var rules = configs.OfType<DestinationRule>().Where(r => r.Spec.Host is not null && r.Spec.WorkloadSelector is null).ToList();
        var entryHosts = configs.OfType<ServiceEntry>()
            .SelectMany(se => se.Spec.Hosts.Select(h => MeshHosts.ToFqdn(h, se.Metadata.Namespace)))
            .ToHashSet(StringComparer.Ordinal);
        var keys = configs.Select(c => c.Key).ToHashSet();
        var effective = new List<ConfigResource>();
        foreach (var resource in translated)
        {
            switch (resource)
            {
                case VirtualService vs when vs.Spec.Hosts.Any(routedHosts.Contains):
                case ServiceEntry se when se.Spec.Hosts.Any(entryHosts.Contains):
                    break;
                case DestinationRule dr when rules.FirstOrDefault(r => MeshHosts.ToFqdn(r.Spec.Host!, r.Metadata.Namespace) == dr.Spec.Host) is { } v1:
                    effective.Add(WithSubsets(v1, dr));
                    break;
                default:
                    effective.Add(Unique(resource, keys));
                    break;
            }
        }

        return effective;
    }

    /// <summary>
    /// <paramref name="configs"/> with the effective translation added: a translated resource replaces a stored one of
    /// the same key only where it is that stored DestinationRule with subsets added.
    /// </summary>
    public static IReadOnlyCollection<ConfigResource> Expand(IReadOnlyCollection<ConfigResource> configs)
    {
        if (!configs.Any(LegacyTranslation.IsLegacy))
        {
            return configs;
        }

        var expanded = configs.ToDictionary(c => c.Key);
        foreach (var resource in Effective(configs))
        {
            expanded[resource.Key] = resource;
        }

        return expanded.Values;
    }

    /// <summary>The v1 rule, plus the label subsets of the translation it does not define (the v1 rule's policies stand).</summary>
    private static DestinationRule WithSubsets(DestinationRule v1, DestinationRule translated)
    {
        var missing = translated.Spec.Subsets.Where(s => !v1.Spec.Subsets.Any(o => o.Name == s.Name)).Select(s => s with { TrafficPolicy = null });
        return v1 with { Spec = v1.Spec with { Subsets = v1.Spec.Subsets.Concat(missing).ToValueList() } };
    }

    private static ConfigResource Unique(ConfigResource resource, HashSet<ResourceKey> taken)
    {
        var candidate = resource;
        for (var i = 1; taken.Contains(candidate.Key); i++)
        {
            candidate = resource with { Metadata = resource.Metadata with { Name = $"{resource.Metadata.Name}-routerules{(i == 1 ? "" : i)}" } };
        }

        taken.Add(candidate.Key);
        return candidate;
    }
}
