namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// A consistent-hash ring: each endpoint owns many points (hashes of "identity_n"); a key belongs to the first point
/// at or after its hash, wrapping around. Points depend only on identities, so adding one endpoint of N+1 takes over
/// about 1/(N+1) of the keys and leaves the rest where they were. Each endpoint gets at least
/// <see cref="MinimumPointsPerEndpoint"/> points, so with the default ring size the point count per endpoint does not
/// change as endpoints come and go (a changing count would also move keys between the endpoints that stayed).
/// </summary>
public sealed class HashRing
{
    public const int DefaultMinimumSize = 1024;
    public const int MinimumPointsPerEndpoint = 512;
    private const int MaximumSize = 1 << 20;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    /// <param name="identities">One stable name per endpoint (such as address:port), in endpoint-index order.</param>
    /// <param name="minimumSize">The least number of points on the ring (Istio's minimumRingSize).</param>
    public HashRing(IReadOnlyList<string> identities, long minimumSize = DefaultMinimumSize)
    {
        var count = identities.Count;
        var perEndpoint = count == 0 ? 0 : PointsPerEndpoint(count, minimumSize);
        var points = new List<(ulong Hash, int Owner)>(count * perEndpoint);
        for (var owner = 0; owner < count; owner++)
        {
            for (var n = 0; n < perEndpoint; n++)
            {
                points.Add((StableHash.Of($"{identities[owner]}_{n}"), owner));
            }
        }

        points.Sort((a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Owner.CompareTo(b.Owner));
        _points = points.Select(p => p.Hash).ToArray();
        _owners = points.Select(p => p.Owner).ToArray();
    }

    public int Size => _points.Length;

    /// <summary>Enough points to reach <paramref name="minimumSize"/>, at least the floor, at most what keeps the ring under a million points.</summary>
    private static int PointsPerEndpoint(int count, long minimumSize)
    {
        var wanted = Math.Max((Math.Max(minimumSize, 1) + count - 1) / count, MinimumPointsPerEndpoint);
        return (int)Math.Min(wanted, Math.Max(MaximumSize / count, 1));
    }

    /// <summary>The endpoint index owning <paramref name="keyHash"/>, or -1 on an empty ring.</summary>
    public int Lookup(ulong keyHash)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        var at = Array.BinarySearch(_points, keyHash);
        if (at < 0)
        {
            at = ~at;
        }

        return _owners[at == _points.Length ? 0 : at];
    }

    /// <summary>
    /// The first available endpoint at or after <paramref name="keyHash"/>: keys of an unavailable endpoint move to the
    /// endpoints owning the following points, exactly as if its points were taken off the ring, and all other keys stay.
    /// -1 when the ring is empty or no endpoint is available.
    /// </summary>
    public int Lookup(ulong keyHash, EndpointHealth health)
    {
        if (_points.Length == 0 || !health.AnyUnavailable)
        {
            return Lookup(keyHash);
        }

        var at = Array.BinarySearch(_points, keyHash);
        if (at < 0)
        {
            at = ~at;
        }

        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(at + step) % _points.Length];
            if (health.IsAvailable(owner))
            {
                return owner;
            }
        }

        return -1;
    }
}
