using System.Collections.Concurrent;

namespace GatewayMesh.Proxy.Policy.Quotas;

/// <summary>
/// Mixer's <c>memquota</c>: per-proxy rolling windows, each split into <see cref="Ticks"/> buckets, so a window of
/// <c>validDuration</c> frees capacity bucket by bucket (2 per 5 s: the third call is refused, and capacity returns as
/// the first call's bucket leaves the window). Keyed by counter (handler, quota, dimensions); the state survives config
/// reloads that keep a counter's key and limit, and is bounded: idle windows are dropped when the table is full.
/// </summary>
public sealed class MemQuotaWindows(TimeProvider time, int maxCounters = 100_000)
{
    public const int Ticks = 10;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public int Count => _windows.Count;

    /// <summary>Takes <paramref name="amount"/> if the window allows it; all or nothing, as Mixer's non-best-effort quota.</summary>
    public bool TryAcquire(string key, long maxAmount, TimeSpan validDuration, long amount)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (!_windows.TryGetValue(key, out var window))
        {
            if (_windows.Count >= maxCounters)
            {
                Sweep(now);
            }

            window = _windows.GetOrAdd(key, _ => new Window());
        }

        return window.TryAcquire(maxAmount, Math.Max(Ticks, validDuration.Ticks), amount, now);
    }

    private void Sweep(long now)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.IsIdle(now))
            {
                _windows.TryRemove(key, out _);
            }
        }

        if (_windows.Count >= maxCounters)
        {
            _windows.Clear(); // every window is busy: start over rather than grow without bound
        }
    }

    private sealed class Window
    {
        private readonly long[] _counts = new long[Ticks];
        private readonly long[] _bucketOf = new long[Ticks];
        private long _lastTick;
        private long _length;

        public bool TryAcquire(long max, long length, long amount, long now)
        {
            lock (_counts)
            {
                if (_length != length)
                {
                    Array.Clear(_counts);
                    _length = length;
                }

                var tickLength = length / Ticks;
                var tick = now / tickLength;
                _lastTick = tick;
                long used = 0;
                for (var i = 0; i < Ticks; i++)
                {
                    if (_bucketOf[i] > tick - Ticks && _bucketOf[i] <= tick)
                    {
                        used += _counts[i];
                    }
                }

                if (used + amount > max)
                {
                    return false;
                }

                var slot = (int)(tick % Ticks);
                if (_bucketOf[slot] != tick)
                {
                    _bucketOf[slot] = tick;
                    _counts[slot] = 0;
                }

                _counts[slot] += amount;
                return true;
            }
        }

        public bool IsIdle(long now)
        {
            lock (_counts)
            {
                return _length == 0 || now / Math.Max(1, _length / Ticks) - _lastTick >= Ticks;
            }
        }
    }
}
