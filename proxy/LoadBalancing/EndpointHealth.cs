namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Which endpoints of a cluster a balancer may pick right now, by index into the cluster's endpoint list. Outlier
/// detection supplies a view that hides ejected endpoints; <see cref="AllHealthy"/> hides none. A balancer first reads
/// <see cref="AnyUnavailable"/> (one cheap read); only when it is true does it ask per index.
/// </summary>
public abstract class EndpointHealth
{
    /// <summary>Every endpoint may be picked.</summary>
    public static EndpointHealth AllHealthy { get; } = new AllHealthyView();

    /// <summary>False when every endpoint may be picked (the fast path: no ejections, or too few healthy to honour them).</summary>
    public abstract bool AnyUnavailable { get; }

    /// <summary>Whether the endpoint at <paramref name="index"/> may be picked.</summary>
    public abstract bool IsAvailable(int index);

    /// <summary>How many of the first <paramref name="count"/> endpoints may be picked.</summary>
    public int CountAvailable(int count)
    {
        if (!AnyUnavailable)
        {
            return count;
        }

        var available = 0;
        for (var i = 0; i < count; i++)
        {
            if (IsAvailable(i))
            {
                available++;
            }
        }

        return available;
    }

    /// <summary>
    /// The index of the <paramref name="rank"/>-th available endpoint (0-based) among the first <paramref name="count"/>;
    /// a rank past the available ones wraps around (availability can change between counting and picking). -1 when none is available.
    /// </summary>
    public int NthAvailable(int rank, int count)
    {
        if (!AnyUnavailable)
        {
            return count == 0 ? -1 : rank % count;
        }

        var seen = 0;
        for (var i = 0; i < count; i++)
        {
            if (IsAvailable(i) && seen++ == rank)
            {
                return i;
            }
        }

        return seen == 0 ? -1 : NthAvailable(rank % seen, count);
    }

    private sealed class AllHealthyView : EndpointHealth
    {
        public override bool AnyUnavailable => false;

        public override bool IsAvailable(int index) => true;
    }
}
