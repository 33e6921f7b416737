using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace GatewayMesh.Proxy.Policy.RateLimits;

/// <summary>
/// Local rate limits: one <see cref="TokenBucket"/> (a System.Threading.RateLimiting <see cref="RateLimiter"/>) per
/// RateLimit and settings, kept across config reloads that keep them, refilled from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class LocalRateLimiters(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<LocalLimit, RateLimiter> _buckets = new();

    public bool TryAcquire(LocalLimit limit)
    {
        var bucket = _buckets.GetOrAdd(limit, l => new TokenBucket(l.MaxTokens, l.TokensPerFill, l.FillInterval, time));
        using var lease = bucket.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>Drops the buckets of settings no longer configured.</summary>
    public void Retain(IEnumerable<LocalLimit> current)
    {
        var keep = current.ToHashSet();
        foreach (var (limit, bucket) in _buckets)
        {
            if (!keep.Contains(limit) && _buckets.TryRemove(limit, out _))
            {
                bucket.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
