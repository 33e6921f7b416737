using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// What one route destination forwards with, built once per config and shared by its requests: the route's name, its
/// <see cref="RouteResilience"/> (Polly pipeline, policy), the request configs for each upstream HTTP version, and the
/// header transformer (route and destination header edits, authority rewrite), so a request builds none of them.
/// </summary>
public sealed class RouteTarget(RouteResilience resilience, UpstreamRequestConfigs requestConfigs, HttpTransformer transformer)
{
    public string Name => Resilience.Name;

    public RouteResilience Resilience { get; } = resilience;

    public UpstreamRequestConfigs RequestConfigs { get; } = requestConfigs;

    /// <summary>The transformer for requests without a path rewrite or affinity cookie (those get one of their own).</summary>
    public HttpTransformer Transformer { get; } = transformer;
}

/// <summary>
/// The <see cref="RouteTarget"/> of every forwarding rule and destination of a config's route tables, found by
/// reference (the request holds the rule and destination it matched, so a lookup hashes two pointers). Immutable.
/// </summary>
public sealed class RouteTargets
{
    private readonly FrozenDictionary<RuleDestination, RouteTarget> _targets;

    private RouteTargets(FrozenDictionary<RuleDestination, RouteTarget> targets) => _targets = targets;

    public static RouteTargets Empty { get; } = new(FrozenDictionary<RuleDestination, RouteTarget>.Empty);

    public int Count => _targets.Count;

    public bool TryGet(HttpRouteRule rule, WeightedDestination destination, out RouteTarget target) =>
        _targets.TryGetValue(new RuleDestination(rule, destination), out target!);

    /// <summary>Builds the targets of <paramref name="tables"/> around the pipelines of <paramref name="resilience"/>.</summary>
    public static RouteTargets Build(ResilienceTable resilience, params RouteTable[] tables)
    {
        var targets = new Dictionary<RuleDestination, RouteTarget>();
        var configs = new Dictionary<ForwarderRequestConfig, UpstreamRequestConfigs>();
        foreach (var table in tables)
        {
            foreach (var host in table.VirtualHosts)
            {
                foreach (var rule in host.Rules)
                {
                    if (rule.Action is not ForwardAction forward)
                    {
                        continue;
                    }

                    foreach (var destination in forward.Destinations.Destinations)
                    {
                        if (!resilience.TryGet(rule, destination, out var route))
                        {
                            continue;
                        }

                        if (!configs.TryGetValue(route.RequestConfig, out var versions))
                        {
                            configs[route.RequestConfig] = versions = new UpstreamRequestConfigs(route.RequestConfig);
                        }

                        var transformer = MeshHttpTransformer.ForRoute(forward.Rewrite?.Authority, rule.Headers, destination.Headers);
                        targets[new RuleDestination(rule, destination)] = new RouteTarget(route, versions, transformer);
                    }
                }
            }
        }

        return new RouteTargets(targets.ToFrozenDictionary());
    }

    /// <summary>A (rule, destination) pair compared by reference.</summary>
    private readonly struct RuleDestination(HttpRouteRule rule, WeightedDestination destination) : IEquatable<RuleDestination>
    {
        private readonly HttpRouteRule _rule = rule;
        private readonly WeightedDestination _destination = destination;

        public bool Equals(RuleDestination other) => ReferenceEquals(_rule, other._rule) && ReferenceEquals(_destination, other._destination);

        public override bool Equals(object? obj) => obj is RuleDestination other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_rule), RuntimeHelpers.GetHashCode(_destination));
    }
}
