using System.IO.Hashing;
using System.Runtime.InteropServices;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Proxy.Policy.RateLimits;

/// <summary>What a global rate limit said: limited or not, and the most limiting descriptor's figures for the headers.</summary>
public readonly record struct GlobalVerdict(bool Limited, bool Unavailable, long Limit, long Remaining, TimeSpan Reset, bool HasFigures);

/// <summary>
/// Global rate limits as Envoy's rate limit service counts them: each descriptor whose values are all defined is one
/// counter per distinct value set, incremented by one per call in windows of its unit aligned to the clock, in the
/// shared counters (Redis), one round trip per call and descriptor (exact counts). Over any limit: limited. The
/// response headers describe the descriptor with the fewest calls left.
/// </summary>
public sealed class GlobalRateLimiter(IQuotaCounters counters, TimeProvider time, PolicyMetrics metrics, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMilliseconds(250);

    public async ValueTask<GlobalVerdict> CheckAsync(string policy, GlobalLimit limit, IAttributeBag bag, bool failOpen)
    {
        var verdict = default(GlobalVerdict);
        foreach (var descriptor in limit.Descriptors)
        {
            if (Key(limit.Domain, descriptor, bag) is not { } key)
            {
                continue;
            }

            var now = time.GetUtcNow();
            QuotaGrant grant;
            try
            {
                grant = await counters.AcquireAsync(new QuotaRequest(key, QuotaAlgorithm.AlignedWindow, descriptor.RequestsPerUnit, 1, descriptor.Unit, TimeSpan.Zero, now))
                    .AsTask().WaitAsync(_timeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                metrics.QuotaUnavailable($"ratelimit:{policy}", failOpen);
                if (!failOpen)
                {
                    return verdict with { Unavailable = true };
                }

                continue;
            }

            var figures = new GlobalVerdict(grant.Granted == 0, false, descriptor.RequestsPerUnit, grant.Remaining, grant.ResetAt - now, true);
            if (!verdict.HasFigures || figures.Limited || (!verdict.Limited && figures.Remaining < verdict.Remaining))
            {
                verdict = verdict.Limited ? verdict : figures;
            }

            if (figures.Limited)
            {
                return verdict;
            }
        }

        return verdict;
    }

    /// <summary>The counter of a descriptor's values: domain, descriptor and a hash of the entries; null when one is undefined.</summary>
    private static string? Key(string domain, GlobalDescriptor descriptor, IAttributeBag bag)
    {
        var hasher = new XxHash128();
        foreach (var (name, value) in descriptor.Entries)
        {
            if (!value.TryEvalString(bag, out var text))
            {
                return null;
            }

            hasher.Append(MemoryMarshal.AsBytes(name.AsSpan()));
            hasher.Append([0]);
            hasher.Append(MemoryMarshal.AsBytes(text.AsSpan()));
            hasher.Append([0]);
        }

        return $"rl:{domain}:{descriptor.Index}:{hasher.GetCurrentHashAsUInt128():x32}";
    }
}
