using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace GatewayMesh.Proxy.Policy.RateLimits;

/// <summary>
/// Envoy's local rate limit token bucket as a <see cref="RateLimiter"/> (System.Threading.RateLimiting): at most
/// <c>maxTokens</c>, <c>tokensPerFill</c> added every whole <c>fillInterval</c> that has passed on the injected
/// <see cref="TimeProvider"/>, no queue. The framework's <see cref="TokenBucketRateLimiter"/> refills from the system
/// stopwatch, which a fake clock cannot move; this one is exact under either, and allocates nothing per call.
/// </summary>
public sealed class TokenBucket : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _maxTokens;
    private readonly long _tokensPerFill;
    private readonly long _fillTicks;
    private long _tokens;
    private long _lastFill;
    private long _successful;
    private long _failed;

    public TokenBucket(long maxTokens, long tokensPerFill, TimeSpan fillInterval, TimeProvider time)
    {
        _time = time;
        _maxTokens = maxTokens;
        _tokensPerFill = tokensPerFill;
        _fillTicks = Math.Max(1, (long)(fillInterval.TotalSeconds * time.TimestampFrequency));
        _tokens = maxTokens;
        _lastFill = time.GetTimestamp();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _tokens >= _maxTokens ? _time.GetElapsedTime(_lastFill) : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = _tokens, TotalSuccessfulLeases = _successful, TotalFailedLeases = _failed };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                _successful++;
                return Acquired;
            }

            _failed++;
            return Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Adds one fill per whole interval passed since the last fill, up to the maximum.</summary>
    private void Refill()
    {
        var fills = (_time.GetTimestamp() - _lastFill) / _fillTicks;
        if (fills <= 0)
        {
            return;
        }

        _lastFill += fills * _fillTicks;
        _tokens = (long)Math.Min(_maxTokens, _tokens + ((double)fills * _tokensPerFill));
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
