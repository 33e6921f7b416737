using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Locality load balancing over a cluster's <see cref="LocalityPlan"/>, as Envoy does it. Each group has its own inner
/// balancer (the cluster's algorithm over the group's endpoints, seeing their health through <see cref="SubsetHealth"/>).
/// A pick first chooses a priority level by Envoy's priority load: a level's health is min(100, 1.4 × 100 × available /
/// endpoints) (the overprovisioning factor 1.4), level 0 takes its health in percent of the traffic, each next level
/// what its health covers of the rest, scaled up when the levels' health sums to less than 100. Within the level a
/// group is chosen by its weight × its availability (Envoy's locality-weighted balancing), then the group's balancer
/// picks. Without ejections (one read of <see cref="EndpointHealth.AnyUnavailable"/>) level 0 takes everything and the
/// groups their static weights. With nothing available anywhere the pick is <c>NoChoice</c>.
/// </summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class LocalityLoadBalancer : ILoadBalancer
{
    private const double Overprovisioning = 1.4;
    private readonly Group[] _groups;
    private readonly int[][] _levels;
    private readonly EndpointHealth _health;
    private readonly Random _random;

    public LocalityLoadBalancer(int endpointCount, LocalityPlan plan, Func<int[], EndpointHealth, ILoadBalancer> createInner, Random random, EndpointHealth? health = null)
    {
        EndpointCount = endpointCount;
        _health = health ?? EndpointHealth.AllHealthy;
        _random = random;
        _groups = [.. plan.Groups.Select(g =>
        {
            var map = g.Endpoints.ToArray();
            return new Group(g.Priority, Math.Max(1, g.Weight), map, createInner(map, new SubsetHealth(_health, map)));
        })];
        _levels = [.. Enumerable.Range(0, plan.Levels).Select(level => Enumerable.Range(0, _groups.Length).Where(i => _groups[i].Priority == level).ToArray())];
    }

    public int EndpointCount { get; }

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        if (_levels.Length == 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        if (!_health.AnyUnavailable)
        {
            return PickIn(_levels[0], context, available: null);
        }

        var available = _groups.Select(g => g.Endpoints.Count(_health.IsAvailable)).ToArray();
        var level = ChooseLevel(available);
        return level < 0 ? LoadBalancerPick.NoChoice : PickIn(_levels[level], context, available);
    }

    /// <summary>The priority level for this pick by Envoy's priority load; -1 when no level has an available endpoint.</summary>
    public int ChooseLevel(int[] available)
    {
        var loads = PriorityLoads(available);
        var roll = _random.NextDouble() * 100;
        for (var level = 0; level < loads.Length; level++)
        {
            roll -= loads[level];
            if (roll < 0 && loads[level] > 0)
            {
                return level;
            }
        }

        return Array.FindLastIndex(loads, l => l > 0);
    }

    /// <summary>Envoy's priority load per level, in percent, from the available endpoints of each group.</summary>
    public double[] PriorityLoads(int[] available)
    {
        var health = _levels.Select(groups =>
        {
            var total = groups.Sum(g => _groups[g].Endpoints.Length);
            var up = groups.Sum(g => available[g]);
            return total == 0 ? 0 : Math.Min(100, Overprovisioning * 100 * up / total);
        }).ToArray();
        var normalizedTotal = Math.Min(100, health.Sum());
        var loads = new double[health.Length];
        if (normalizedTotal <= 0)
        {
            return loads;
        }

        var assigned = 0.0;
        for (var level = 0; level < health.Length; level++)
        {
            loads[level] = Math.Min(100 - assigned, health[level] * 100 / normalizedTotal);
            assigned += loads[level];
        }

        return loads;
    }

    private LoadBalancerPick PickIn(int[] level, LoadBalancingContext context, int[]? available)
    {
        var group = ChooseGroup(level, available);
        if (group < 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        var pick = _groups[group].Balancer.Pick(context);
        return pick.HasEndpoint ? pick with { Index = _groups[group].Endpoints[pick.Index] } : pick;
    }

    /// <summary>A group of the level by weight × availability (min(1, 1.4 × available / endpoints)); -1 when none has an available endpoint.</summary>
    private int ChooseGroup(int[] level, int[]? available)
    {
        if (level.Length == 1)
        {
            return available is null || available[level[0]] > 0 ? level[0] : -1;
        }

        var weights = level.Select(g => available is null ? _groups[g].Weight
            : _groups[g].Weight * Math.Min(1, Overprovisioning * available[g] / _groups[g].Endpoints.Length)).ToArray();
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < level.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0 && weights[i] > 0)
            {
                return level[i];
            }
        }

        var last = Array.FindLastIndex(weights, w => w > 0);
        return last < 0 ? -1 : level[last];
    }

    private sealed record Group(int Priority, int Weight, int[] Endpoints, ILoadBalancer Balancer);
}
