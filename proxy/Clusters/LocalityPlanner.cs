using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// Compiles a cluster's <see cref="LocalityPlan"/> for one proxy, with Istio's semantics. Pure.
/// <list type="bullet">
/// <item><c>enabled: false</c>: none.</item>
/// <item><c>distribute</c>: the first entry whose <c>from</c> matches the proxy's locality applies. Each <c>to</c> pattern
/// (the most specific first) takes the endpoints it matches that no earlier pattern took, and splits its weight over
/// their localities by endpoint count (rounded up, as Istio does); endpoints no pattern takes get no traffic.</item>
/// <item>Otherwise only with outlier detection (without it nothing would ever fail over): priorities. With
/// <c>failoverPriority</c> (and proxy labels), an endpoint whose values of the listed labels (the proxy's, or the
/// <c>label=value</c> given) all match gets 0; one that first differs at label j (of n) gets n - j; with <c>failover</c>
/// too, the locality priority below refines each (×5 + it). Without <c>failoverPriority</c>: 0 same region, zone and
/// subzone; 1 same region and zone; 2 same region; 3 another region; 4 another region than a <c>failover</c> entry's
/// <c>to</c>, when its <c>from</c> is the proxy's region.</item>
/// </list>
/// Priorities are renumbered 0..n without gaps. A plan that would put every endpoint in one group is none (the
/// balancer is then the plain one). Topology labels of each side's locality count as its labels for
/// <c>failoverPriority</c>.
/// </summary>
public static class LocalityPlanner
{
    public static LocalityPlan? Plan(ValueList<Endpoint> endpoints, ClusterPolicy policy, ProxyIdentity? client)
    {
        if (client is null || endpoints.Count == 0 || policy.LoadBalancer?.LocalityLbSetting is { Enabled: false })
        {
            return null;
        }

        var setting = policy.LoadBalancer?.LocalityLbSetting ?? new LocalityLoadBalancerSetting();
        var plan = !setting.Distribute.IsEmpty ? Distribute(endpoints, setting.Distribute, client.Locality)
            : policy.OutlierDetection is not null ? Failover(endpoints, setting, client)
            : null;
        return plan is null || (plan.Groups.Count == 1 && plan.Groups[0].Endpoints.Count == endpoints.Count) ? null : plan;
    }

    private static LocalityPlan? Distribute(ValueList<Endpoint> endpoints, ValueList<LocalityDistribute> rules, Locality client)
    {
        var rule = rules.FirstOrDefault(r => r.From is { } from && client.MatchedBy(from));
        if (rule is null)
        {
            return null;
        }

        var taken = new bool[endpoints.Count];
        var groups = new List<LocalityGroup>();
        foreach (var (pattern, weight) in rule.To.OrderByDescending(t => t.Key.Split('/').Count(p => p != "*")).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            var matched = Enumerable.Range(0, endpoints.Count).Where(i => !taken[i] && endpoints[i].Locality.MatchedBy(pattern)).ToList();
            foreach (var i in matched)
            {
                taken[i] = true;
            }

            foreach (var locality in matched.GroupBy(i => endpoints[i].Locality.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var share = (int)Math.Ceiling((double)locality.Count() * weight / matched.Count);
                if (share > 0)
                {
                    groups.Add(new LocalityGroup(0, share, [.. locality], locality.Key));
                }
            }
        }

        return new LocalityPlan([.. groups]);
    }

    private static LocalityPlan? Failover(ValueList<Endpoint> endpoints, LocalityLoadBalancerSetting setting, ProxyIdentity client)
    {
        var byLabels = !setting.FailoverPriority.IsEmpty;
        if (byLabels && client.Labels.Count == 0)
        {
            return null; // as Istio: no proxy labels to compare with
        }

        var clientLabels = WithLocality(client.Labels, client.Locality);
        var priorities = new int[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            var locality = LocalityPriority(client.Locality, endpoints[i].Locality, setting.Failover);
            priorities[i] = !byLabels ? locality
                : setting.Failover.IsEmpty ? LabelPriority(clientLabels, WithLocality(endpoints[i].Labels, endpoints[i].Locality), setting.FailoverPriority)
                : (LabelPriority(clientLabels, WithLocality(endpoints[i].Labels, endpoints[i].Locality), setting.FailoverPriority) * 5) + locality;
        }

        var levels = priorities.Distinct().Order().ToList();
        return new LocalityPlan([.. levels.Select((priority, level) =>
        {
            var members = Enumerable.Range(0, endpoints.Count).Where(i => priorities[i] == priority).ToList();
            return new LocalityGroup(level, members.Count, [.. members], $"priority {level}");
        })]);
    }

    private static int LocalityPriority(Locality client, Locality endpoint, ValueList<LocalityFailover> failover)
    {
        if (client.Region == endpoint.Region)
        {
            return client.Zone != endpoint.Zone ? 2 : client.Subzone != endpoint.Subzone ? 1 : 0;
        }

        var rule = failover.FirstOrDefault(f => f.From == client.Region);
        return rule is not null && endpoint.Region != rule.To ? 4 : 3;
    }

    private static int LabelPriority(ValueMap<string, string> client, ValueMap<string, string> endpoint, ValueList<string> labels)
    {
        for (var j = 0; j < labels.Count; j++)
        {
            var parts = labels[j].Split('=', 2);
            var wanted = parts.Length == 2 ? parts[1] : client.GetValueOrDefault(parts[0]);
            if (wanted != endpoint.GetValueOrDefault(parts[0]))
            {
                return labels.Count - j;
            }
        }

        return 0;
    }

    private static ValueMap<string, string> WithLocality(ValueMap<string, string> labels, Locality locality)
    {
        if (locality.IsUnknown)
        {
            return labels;
        }

        var merged = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        foreach (var (name, value) in locality.Labels())
        {
            merged.TryAdd(name, value);
        }

        return merged.ToValueMap();
    }
}
