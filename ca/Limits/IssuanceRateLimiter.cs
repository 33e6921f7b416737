using System.Collections.Concurrent;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Limits;

/// <summary>
/// A token bucket per identity: <c>burst</c> issuances at once, refilled at <c>perMinute</c>. Time comes from the
/// injected clock. Bounded: past <see cref="MaxIdentities"/> buckets, full (idle) ones are dropped first.
/// </summary>
public sealed class IssuanceRateLimiter(double perMinute, int burst, TimeProvider time)
{
    public const int MaxIdentities = 100_000;

    private readonly ConcurrentDictionary<SpiffeId, Bucket> _buckets = new();
    private readonly double _perSecond = perMinute / 60.0;

    /// <summary>Takes one issuance; when none is left, returns false and how long until one is.</summary>
    public bool TryAcquire(SpiffeId identity, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        if (_buckets.Count >= MaxIdentities)
        {
            DropIdle(now);
        }

        var bucket = _buckets.GetOrAdd(identity, static (_, state) => new Bucket(state.burst, state.now), (burst, now));
        lock (bucket)
        {
            bucket.Refill(now, _perSecond, burst);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) / _perSecond));
            return false;
        }
    }

    private void DropIdle(DateTimeOffset now)
    {
        foreach (var (identity, bucket) in _buckets)
        {
            lock (bucket)
            {
                bucket.Refill(now, _perSecond, burst);
                if (bucket.Tokens >= burst)
                {
                    _buckets.TryRemove(identity, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updated)
    {
        public double Tokens { get; set; } = tokens;

        private DateTimeOffset Updated { get; set; } = updated;

        public void Refill(DateTimeOffset now, double perSecond, int capacity)
        {
            if (now > Updated)
            {
                Tokens = Math.Min(capacity, Tokens + ((now - Updated).TotalSeconds * perSecond));
                Updated = now;
            }
        }
    }
}
