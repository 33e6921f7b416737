using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// Chooses a destination with probability weight / total. Cumulative weights are computed once, so <see cref="Pick"/>
/// allocates nothing. Weights are relative, as in Istio since 1.15 (2 and 1 is a 2:1 split, 0 gets nothing); the total
/// is kept in 64 bits. When they add up to zero (validation refuses that) every destination is equally likely.
/// </summary>
public sealed record WeightedPicker
{
    private readonly DerivedValue<long[]> _cumulative;

    public WeightedPicker(ValueList<WeightedDestination> destinations)
    {
        if (destinations.IsEmpty)
        {
            throw new ArgumentException("A route needs at least one destination.", nameof(destinations));
        }

        Destinations = destinations;
        var allZero = destinations.All(d => d.Weight <= 0);
        var cumulative = new long[destinations.Count];
        var total = 0L;
        for (var i = 0; i < cumulative.Length; i++)
        {
            total += allZero ? 1 : Math.Max(0, destinations[i].Weight);
            cumulative[i] = total;
        }

        _cumulative = new(cumulative);
    }

    public ValueList<WeightedDestination> Destinations { get; }

    /// <summary>Picks one destination. A seeded <see cref="Random"/> makes it repeatable; use <see cref="Random.Shared"/> across threads.</summary>
    public WeightedDestination Pick(Random random)
    {
        var cumulative = _cumulative.Value;
        if (cumulative.Length == 1)
        {
            return Destinations[0];
        }

        var roll = random.NextInt64(cumulative[^1]);
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (roll < cumulative[i])
            {
                return Destinations[i];
            }
        }

        return Destinations[^1];
    }
}
