using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// Compiles a snapshot into the upstream clusters: per host, one cluster of all healthy endpoints and one per
/// DestinationRule subset (endpoints whose labels include all the subset's labels; possibly none). Each port named in
/// the effective portLevelSettings also gets a cluster keyed by that port, carrying that port's policy.
/// Istio 0.x DestinationPolicies and WorkloadEntries are compiled through <see cref="EffectiveSnapshot"/>. A sidecar
/// under an Istio Sidecar compiles only the hosts its <see cref="ClusterScope"/> includes. Given the proxy it compiles
/// for, each cluster carries that proxy's <see cref="LocalityPlan"/> (<see cref="LocalityPlanner"/>). Pure and deterministic.
/// </summary>
public static class ClusterTableCompiler
{
    public static ClusterTable Compile(MeshSnapshot snapshot) => Compile(snapshot, null);

    /// <summary>The clusters of the hosts <paramref name="scope"/> includes (a sidecar under an Istio Sidecar); all when it is null.</summary>
    public static ClusterTable Compile(MeshSnapshot snapshot, ClusterScope? scope) => Compile(snapshot, scope, null);

    /// <summary>As <see cref="Compile(MeshSnapshot, ClusterScope?)"/>, with each cluster's locality plan for <paramref name="client"/> (none when null).</summary>
    public static ClusterTable Compile(MeshSnapshot snapshot, ClusterScope? scope, ProxyIdentity? client)
    {
        snapshot = EffectiveSnapshot.Of(snapshot);
        var rules = new DestinationRuleMatcher(snapshot.Configs.Values);
        var clusters = new Dictionary<ClusterKey, Cluster>();
        var sources = ClusterSources.FromRegistry(snapshot).Concat(ClusterSources.FromServiceEntries(snapshot));
        foreach (var source in sources)
        {
            if (clusters.ContainsKey(new ClusterKey(source.Fqdn, null, null)) || scope?.Includes(source.Namespace, source.Fqdn) == false)
            {
                continue; // a registry service wins over a ServiceEntry naming the same host; a scoped-out host is not loaded
            }

            foreach (var cluster in ClustersOf(source, rules.Find(source.Fqdn, source.Namespace)))
            {
                clusters.TryAdd(cluster.Key, cluster with { Locality = LocalityPlanner.Plan(cluster.Endpoints, cluster.Policy, client) });
            }
        }

        return ClusterTable.From(clusters.Values);
    }

    private static IEnumerable<Cluster> ClustersOf(ClusterSource source, DestinationRule? rule)
    {
        var hostPolicy = rule?.Spec.TrafficPolicy;
        foreach (var cluster in WithPorts(new ClusterKey(source.Fqdn, null, null), source.Endpoints, ClusterPolicy.Merge(hostPolicy, null), source.Protocol))
        {
            yield return cluster;
        }

        foreach (var subset in rule?.Spec.Subsets ?? default)
        {
            if (string.IsNullOrEmpty(subset.Name))
            {
                continue;
            }

            var endpoints = new ValueList<Endpoint>(source.Endpoints.Where(e => HasAll(e.Labels, subset.Labels)));
            var policy = ClusterPolicy.Merge(hostPolicy, subset.TrafficPolicy);
            foreach (var cluster in WithPorts(new ClusterKey(source.Fqdn, subset.Name, null), endpoints, policy, source.Protocol))
            {
                yield return cluster;
            }
        }
    }

    private static IEnumerable<Cluster> WithPorts(ClusterKey key, ValueList<Endpoint> endpoints, ClusterPolicy policy, UpstreamProtocol protocol)
    {
        yield return new Cluster(key, endpoints, policy, protocol);
        foreach (var port in policy.PortLevelSettings.Keys)
        {
            yield return new Cluster(key with { Port = port }, endpoints, policy.ForPort(port), protocol);
        }
    }

    private static bool HasAll(ValueMap<string, string> labels, ValueMap<string, string> required) =>
        required.All(r => labels.TryGetValue(r.Key, out var value) && value == r.Value);
}
