using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>What the 0.x rules of a set become: v1 resources, and notes on what was dropped on the way.</summary>
public sealed record LegacyTranslationResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<string> Notes);

/// <summary>
/// Translates Istio 0.x rules (<c>config.istio.io/v1alpha2</c> RouteRule, DestinationPolicy, EgressRule) into the v1
/// resources that mean the same, the way istioctl's converter did: one VirtualService per destination host whose
/// <c>http</c> routes are the host's RouteRules in 0.x precedence order (highest <c>precedence</c> first, then by
/// namespace/name); one DestinationRule per host with a subset per version the rules and policies name (labels,
/// matched exactly) and the policies' load balancing and circuit breakers; one ServiceEntry per EgressRule. Pure and
/// deterministic: <c>meshctl convert</c> prints the result, and the proxies compile the same result, so both behave
/// alike by construction.
/// </summary>
public static class LegacyTranslation
{
    public static bool IsLegacy(ConfigResource resource) => resource is RouteRule or DestinationPolicy or EgressRule;

    public static LegacyTranslationResult Translate(IEnumerable<ConfigResource> configs)
    {
        var all = configs.Where(IsLegacy).ToList();
        var notes = new List<string>();
        var resources = new List<ConfigResource>();
        var hosts = new Dictionary<string, HostRules>(StringComparer.Ordinal);
        HostRules For(string host, string ns) =>
            hosts.TryGetValue(host, out var found) ? found : hosts[host] = new HostRules(host, LegacyHosts.NamespaceOf(host, ns));

        foreach (var rule in InPrecedenceOrder(all.OfType<RouteRule>()))
        {
            if (rule.Spec.Destination is not { } destination)
            {
                continue;
            }

            var ns = rule.Metadata.Namespace;
            var host = LegacyHosts.Fqdn(destination, ns);
            var route = RouteRuleTranslator.Translate(rule, host, notes);
            For(host, ns).Routes.Add(route);
            foreach (var target in route.Route.Select(r => r.Destination).Append(route.Mirror).OfType<Destination>())
            {
                if (target.Subset is { } subset)
                {
                    For(target.Host!, ns).Subsets.TryAdd(subset, SubsetLabels(rule, target));
                }
            }
        }

        foreach (var policy in all.OfType<DestinationPolicy>().OrderBy(p => p.Key))
        {
            if (policy.Spec.Destination is not { } destination)
            {
                continue;
            }

            var rules = For(LegacyHosts.Fqdn(destination, policy.Metadata.Namespace), policy.Metadata.Namespace);
            var trafficPolicy = DestinationPolicyTranslator.Translate(policy.Spec);
            if (LegacyHosts.SubsetName(destination.Labels) is { } subset)
            {
                rules.Subsets.TryAdd(subset, destination.Labels);
                rules.SubsetPolicies.TryAdd(subset, trafficPolicy);
            }
            else
            {
                rules.HostPolicy ??= trafficPolicy;
            }
        }

        foreach (var rules in hosts.Values.OrderBy(h => h.Host, StringComparer.Ordinal))
        {
            resources.AddRange(rules.ToResources());
        }

        resources.AddRange(all.OfType<EgressRule>().OrderBy(r => r.Key).Select(EgressRuleTranslator.Translate));
        return new LegacyTranslationResult(resources, notes);
    }

    /// <summary>Istio 0.x's order: higher precedence first; equal precedence by kind/namespace/name.</summary>
    public static IEnumerable<RouteRule> InPrecedenceOrder(IEnumerable<RouteRule> rules) =>
        rules.OrderByDescending(r => r.Spec.Precedence ?? 0).ThenBy(r => r.Key.ToString(), StringComparer.Ordinal);

    private static ValueMap<string, string> SubsetLabels(RouteRule rule, Destination target)
    {
        var route = rule.Spec.Route.FirstOrDefault(r => LegacyHosts.SubsetName(r.Labels) == target.Subset);
        return route?.Labels ?? rule.Spec.Mirror?.Labels ?? default;
    }

    /// <summary>What the rules say about one host.</summary>
    private sealed class HostRules(string host, string ns)
    {
        public string Host { get; } = host;

        public List<HttpRoute> Routes { get; } = [];

        public SortedDictionary<string, ValueMap<string, string>> Subsets { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, TrafficPolicy> SubsetPolicies { get; } = new(StringComparer.Ordinal);

        public TrafficPolicy? HostPolicy { get; set; }

        public IEnumerable<ConfigResource> ToResources()
        {
            var metadata = new ResourceMetadata { Name = LegacyHosts.ResourceName(Host), Namespace = ns };
            if (Routes.Count > 0)
            {
                yield return new VirtualService
                {
                    ApiVersion = ResourceKinds.Get(ResourceKinds.VirtualService).PreferredApiVersion,
                    Metadata = metadata,
                    Spec = new VirtualServiceSpec { Hosts = [Host], Http = Routes.ToValueList() },
                };
            }

            if (Subsets.Count > 0 || HostPolicy is not null)
            {
                yield return new DestinationRule
                {
                    ApiVersion = ResourceKinds.Get(ResourceKinds.DestinationRule).PreferredApiVersion,
                    Metadata = metadata,
                    Spec = new DestinationRuleSpec
                    {
                        Host = Host,
                        TrafficPolicy = HostPolicy,
                        Subsets = Subsets.Select(s => new Subset
                        {
                            Name = s.Key,
                            Labels = s.Value,
                            TrafficPolicy = SubsetPolicies.GetValueOrDefault(s.Key),
                        }).ToValueList(),
                    },
                };
            }
        }
    }
}
