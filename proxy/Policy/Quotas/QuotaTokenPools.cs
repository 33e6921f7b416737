using System.Collections.Concurrent;
using GatewayMesh.Core.Blocks.Quota;

namespace GatewayMesh.Proxy.Policy.Quotas;

/// <summary>The answer for one quota charge.</summary>
public enum QuotaOutcome
{
    Granted,
    Exhausted,

    /// <summary>The shared counters could not be reached; the caller decides (fail open by default) and counts it.</summary>
    Unavailable,
}

/// <summary>
/// Shared quotas with Mixer's client-side prefetch: each proxy takes tokens from the shared counters
/// (<see cref="IQuotaCounters"/>, Redis) in batches and spends them locally, asking for the next batch in the
/// background when a pool runs low, so almost every call is answered from memory.
/// <para><b>Accuracy.</b> The shared limit is never exceeded: a token is spent only within the window (fixed) or the
/// bucket (rolling) that counted it. The price is early refusal: tokens a proxy holds but has not spent are unavailable
/// to the others, so with P proxies up to P × (batch − 1) calls may be refused before the limit is truly reached, and
/// unspent tokens lapse at the window's (or bucket's) end. Batches are a tenth of the limit (at least 1, at most
/// <see cref="MaxBatch"/>), so small limits (2 per 5 s) are counted call by call, exactly.</para>
/// <para>A refusal is remembered until the counter's reset, so an exhausted quota costs no round trip; an unreachable
/// store is not asked again for <see cref="RetryAfterFailure"/>.</para>
/// </summary>
public sealed class QuotaTokenPools(IQuotaCounters counters, TimeProvider time, TimeSpan? timeout = null, int maxPools = 100_000)
{
    public const long MaxBatch = 1_000;

    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly IQuotaCounters _counters = counters;
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    public int Count => _pools.Count;

    /// <summary>Takes <paramref name="amount"/> tokens of counter <paramref name="key"/>; completes synchronously when the pool has them.</summary>
    public ValueTask<QuotaOutcome> AcquireAsync(string key, QuotaAlgorithm algorithm, long maxAmount, TimeSpan window, TimeSpan bucket, long amount)
    {
        if (!_pools.TryGetValue(key, out var pool))
        {
            if (_pools.Count >= maxPools)
            {
                _pools.Clear();
            }

            pool = _pools.GetOrAdd(key, k => new Pool(k, this));
        }

        return pool.AcquireAsync(new Limit(algorithm, maxAmount, window, bucket), amount);
    }

    public static long BatchFor(long maxAmount) => Math.Clamp(maxAmount / 10, 1, MaxBatch);

    private readonly record struct Limit(QuotaAlgorithm Algorithm, long MaxAmount, TimeSpan Window, TimeSpan Bucket);

    private sealed class Pool(string key, QuotaTokenPools owner)
    {
        private readonly Lock _gate = new();
        private long _tokens;
        private DateTimeOffset _validUntil;
        private DateTimeOffset _refusedUntil;
        private DateTimeOffset _failedUntil;
        private Task<QuotaOutcome>? _inflight;
        private Limit _limit;

        public ValueTask<QuotaOutcome> AcquireAsync(Limit limit, long amount)
        {
            lock (_gate)
            {
                if (limit != _limit)
                {
                    (_limit, _tokens, _refusedUntil) = (limit, 0, default);
                }

                if (TryAnswer(limit, amount, owner._time.GetUtcNow(), out var answer))
                {
                    return ValueTask.FromResult(answer);
                }
            }

            return AcquireSlowAsync(limit, amount);
        }

        /// <summary>Answers from the pool when it can (and starts a prefetch when it runs low); false when a fetch must be awaited.</summary>
        private bool TryAnswer(Limit limit, long amount, DateTimeOffset now, out QuotaOutcome answer)
        {
            if (now >= _validUntil)
            {
                _tokens = 0;
            }

            if (_tokens >= amount)
            {
                _tokens -= amount;
                var batch = BatchFor(limit.MaxAmount);
                if (batch > 1 && _tokens < (batch / 2) + amount)
                {
                    _inflight ??= FetchAsync(limit, batch);
                }

                answer = QuotaOutcome.Granted;
                return true;
            }

            answer = now < _refusedUntil ? QuotaOutcome.Exhausted : QuotaOutcome.Unavailable;
            return now < _refusedUntil || now < _failedUntil;
        }

        /// <summary>Waits for the one fetch in flight (starting it if none), then answers; a batch taken by callers ahead is followed by one more fetch, at most twice.</summary>
        private async ValueTask<QuotaOutcome> AcquireSlowAsync(Limit limit, long amount)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Task<QuotaOutcome> fetch;
                lock (_gate)
                {
                    if (TryAnswer(limit, amount, owner._time.GetUtcNow(), out var answer))
                    {
                        return answer;
                    }

                    fetch = _inflight ??= FetchAsync(limit, Math.Max(amount, BatchFor(limit.MaxAmount)));
                }

                if (await fetch.ConfigureAwait(false) == QuotaOutcome.Unavailable)
                {
                    return QuotaOutcome.Unavailable;
                }
            }

            lock (_gate)
            {
                return TryAnswer(limit, amount, owner._time.GetUtcNow(), out var answer) ? answer : QuotaOutcome.Exhausted;
            }
        }

        private async Task<QuotaOutcome> FetchAsync(Limit limit, long amount)
        {
            await Task.Yield(); // never inside the caller's lock
            try
            {
                var request = new QuotaRequest(key, limit.Algorithm, limit.MaxAmount, amount, limit.Window, limit.Bucket, owner._time.GetUtcNow());
                var grant = await owner._counters.AcquireAsync(request).AsTask().WaitAsync(owner._timeout).ConfigureAwait(false);
                lock (_gate)
                {
                    if (grant.Granted == 0)
                    {
                        _refusedUntil = grant.ResetAt;
                        return QuotaOutcome.Exhausted;
                    }

                    // Tokens of an earlier window or bucket lapse with it; never spend them under a later reset.
                    _tokens = grant.ResetAt == _validUntil ? _tokens + grant.Granted : grant.Granted;
                    _validUntil = grant.ResetAt;
                    _refusedUntil = default;
                    return QuotaOutcome.Granted;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lock (_gate)
                {
                    _failedUntil = owner._time.GetUtcNow() + RetryAfterFailure;
                }

                return QuotaOutcome.Unavailable;
            }
            finally
            {
                lock (_gate)
                {
                    _inflight = null;
                }
            }
        }
    }
}
