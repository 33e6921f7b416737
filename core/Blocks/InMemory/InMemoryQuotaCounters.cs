using GatewayMesh.Core.Blocks.Quota;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>Quota counters in memory, with the Redis component's exact semantics; for fast tests only.</summary>
public sealed class InMemoryQuotaCounters : IQuotaCounters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public ValueTask<QuotaGrant> AcquireAsync(QuotaRequest request, CancellationToken cancellationToken = default)
    {
        var now = request.Now.ToUnixTimeMilliseconds();
        var window = Math.Max(1, (long)request.Window.TotalMilliseconds);
        lock (_gate)
        {
            if (!_counters.TryGetValue(request.Key, out var counter))
            {
                _counters[request.Key] = counter = new Counter();
            }

            var (granted, remaining, reset) = request.Algorithm == QuotaAlgorithm.RollingWindow
                ? counter.Rolling(request.MaxAmount, request.Amount, window, Math.Max(1, (long)request.Bucket.TotalMilliseconds), now)
                : counter.Fixed(request.MaxAmount, request.Amount, window, request.Algorithm == QuotaAlgorithm.AlignedWindow, now);
            return ValueTask.FromResult(new QuotaGrant(granted, remaining, DateTimeOffset.FromUnixTimeMilliseconds(reset)));
        }
    }

    private sealed class Counter
    {
        private long? _start;
        private long _used;
        private readonly SortedDictionary<long, long> _buckets = [];

        public (long, long, long) Fixed(long max, long want, long window, bool aligned, long now)
        {
            var wanted = aligned ? now - Mod(now, window) : (long?)null;
            if (!(_start is { } start && (aligned ? start == wanted : now < start + window)))
            {
                _start = wanted ?? now;
                _used = 0;
            }

            var grant = Math.Max(0, Math.Min(want, max - _used));
            _used += grant;
            return (grant, Math.Max(0, max - _used), _start!.Value + window);
        }

        public (long, long, long) Rolling(long max, long want, long window, long bucket, long now)
        {
            var current = Floor(now, bucket);
            var count = Math.Max(1, window / bucket);
            var oldest = current - count + 1;
            foreach (var old in _buckets.Keys.Where(b => b < oldest).ToArray())
            {
                _buckets.Remove(old);
            }

            var used = _buckets.Values.Sum();
            long? first = _buckets.Count > 0 ? _buckets.Keys.First() : null;
            var grant = Math.Max(0, Math.Min(want, max - used));
            if (grant > 0)
            {
                _buckets[current] = _buckets.GetValueOrDefault(current) + grant;
                used += grant;
            }

            var reset = grant > 0 ? (current + 1) * bucket : ((first ?? current) + count) * bucket;
            return (grant, Math.Max(0, max - used), reset);
        }

        private static long Mod(long a, long b) => ((a % b) + b) % b;

        private static long Floor(long a, long b) => (a - Mod(a, b)) / b;
    }
}
