using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using GatewayMesh.Proxy.Routing;
using Polly;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// The pipelines of one compiled route table: one <see cref="RouteResilience"/> per forwarding rule and destination,
/// found by reference (the request already holds the rule and destination it matched, so a lookup hashes two
/// pointers). Pipelines are keyed by value (<see cref="PipelineKey"/>): building the next table reuses every pipeline
/// whose cluster and policy are unchanged. Immutable once built.
/// </summary>
public sealed class ResilienceTable
{
    private readonly FrozenDictionary<RouteDestination, RouteResilience> _routes;

    private ResilienceTable(
        long revision, RouteTable? routes, FrozenDictionary<RouteDestination, RouteResilience> byRoute,
        FrozenDictionary<PipelineKey, ResiliencePipeline<HttpResponseMessage>> pipelines)
    {
        Revision = revision;
        Routes = routes;
        _routes = byRoute;
        Pipelines = pipelines;
    }

    public static ResilienceTable Empty { get; } = new(
        -1, null, FrozenDictionary<RouteDestination, RouteResilience>.Empty,
        FrozenDictionary<PipelineKey, ResiliencePipeline<HttpResponseMessage>>.Empty);

    public long Revision { get; }

    /// <summary>The route table this was built for (compared by reference).</summary>
    public RouteTable? Routes { get; }

    /// <summary>The distinct pipelines, by cluster and policy.</summary>
    public FrozenDictionary<PipelineKey, ResiliencePipeline<HttpResponseMessage>> Pipelines { get; }

    public int Count => _routes.Count;

    public bool TryGet(HttpRouteRule rule, WeightedDestination destination, out RouteResilience route) =>
        _routes.TryGetValue(new RouteDestination(rule, destination), out route!);

    /// <summary>
    /// Builds the table of <paramref name="routes"/>, reusing <paramref name="previous"/>'s pipelines where the key is
    /// equal; <paramref name="builder"/> builds new pipelines and wraps each route destination around its pipeline.
    /// </summary>
    public static (ResilienceTable Table, int Built, int Reused) Build(
        long revision, RouteTable routes, ResilienceTable previous, RouteResilienceBuilder builder) =>
        Build(revision, [routes], previous, builder);

    /// <summary>Builds one table for every route destination of <paramref name="tables"/> (the ingress's HTTP and HTTPS listeners' tables).</summary>
    public static (ResilienceTable Table, int Built, int Reused) Build(
        long revision, IReadOnlyList<RouteTable> tables, ResilienceTable previous, RouteResilienceBuilder builder)
    {
        var byRoute = new Dictionary<RouteDestination, RouteResilience>();
        var pipelines = new Dictionary<PipelineKey, ResiliencePipeline<HttpResponseMessage>>();
        int built = 0, reused = 0;
        foreach (var host in tables.SelectMany(t => t.VirtualHosts))
        {
            for (var i = 0; i < host.Rules.Count; i++)
            {
                var rule = host.Rules[i];
                if (rule.Action is not ForwardAction forward)
                {
                    continue;
                }

                var policy = ResiliencePolicy.From(rule.Policies);
                var name = RouteName(host, rule, i);
                foreach (var destination in forward.Destinations.Destinations)
                {
                    var key = new PipelineKey(destination.Cluster, policy);
                    if (!pipelines.TryGetValue(key, out var pipeline))
                    {
                        if (previous.Pipelines.TryGetValue(key, out pipeline))
                        {
                            reused++;
                        }
                        else
                        {
                            pipeline = builder.BuildPipeline(name, key);
                            built++;
                        }

                        pipelines[key] = pipeline;
                    }

                    byRoute[new RouteDestination(rule, destination)] = builder.Create(name, key, pipeline);
                }
            }
        }

        return (new ResilienceTable(revision, tables[0], byRoute.ToFrozenDictionary(), pipelines.ToFrozenDictionary()), built, reused);
    }

    /// <summary><c>namespace/virtualservice/rule</c>, with the rule's index when it has no name.</summary>
    public static string RouteName(VirtualHostRoutes host, HttpRouteRule rule, int index)
    {
        const string kindPrefix = "VirtualService/";
        var source = host.Source ?? host.Name;
        if (source.StartsWith(kindPrefix, StringComparison.Ordinal))
        {
            source = source[kindPrefix.Length..];
        }

        return $"{source}/{rule.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>A (rule, destination) pair compared by reference.</summary>
    public readonly struct RouteDestination(HttpRouteRule rule, WeightedDestination destination) : IEquatable<RouteDestination>
    {
        private readonly HttpRouteRule _rule = rule;
        private readonly WeightedDestination _destination = destination;

        public bool Equals(RouteDestination other) => ReferenceEquals(_rule, other._rule) && ReferenceEquals(_destination, other._destination);

        public override bool Equals(object? obj) => obj is RouteDestination other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_rule), RuntimeHelpers.GetHashCode(_destination));

        public static bool operator ==(RouteDestination left, RouteDestination right) => left.Equals(right);

        public static bool operator !=(RouteDestination left, RouteDestination right) => !left.Equals(right);
    }
}

/// <summary>What a pipeline is built from: the destination cluster and the route's policy, compared by value.</summary>
public sealed record PipelineKey(ClusterKey Cluster, ResiliencePolicy Policy);
