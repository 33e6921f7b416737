using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.Quota;

/// <summary>How a quota's window moves.</summary>
[JsonConverter(typeof(MeshEnumConverter<QuotaAlgorithm>))]
public enum QuotaAlgorithm
{
    /// <summary>A window of <see cref="QuotaRequest.Window"/> that starts with the first grant after the previous one ended (Mixer's FIXED_WINDOW).</summary>
    FixedWindow,

    /// <summary>Windows aligned on multiples of <see cref="QuotaRequest.Window"/> since the Unix epoch (rate limits per second, minute, hour, day).</summary>
    AlignedWindow,

    /// <summary>The last <see cref="QuotaRequest.Window"/>, counted in buckets of <see cref="QuotaRequest.Bucket"/> (Mixer's ROLLING_WINDOW).</summary>
    RollingWindow,
}

/// <summary>
/// Asks for up to <see cref="Amount"/> tokens of the counter <see cref="Key"/>, which allows <see cref="MaxAmount"/> per
/// window. <see cref="Now"/> is the caller's clock (every proxy's, so windows agree across proxies as far as their
/// clocks do).
/// </summary>
public readonly record struct QuotaRequest(
    string Key,
    QuotaAlgorithm Algorithm,
    long MaxAmount,
    long Amount,
    TimeSpan Window,
    TimeSpan Bucket,
    DateTimeOffset Now);

/// <summary>
/// What was granted (0 to the amount asked), what is left in the window after it, and <see cref="ResetAt"/>: when the
/// granted tokens stop being usable (so a caller that takes tokens in advance never uses them in a later window), or,
/// when nothing was granted, when asking again can succeed.
/// </summary>
public readonly record struct QuotaGrant(long Granted, long Remaining, DateTimeOffset ResetAt);

/// <summary>
/// The quota counters building block: counters shared by every proxy, for Mixer's <c>redisquota</c> and global rate
/// limits. The one thing proxies write; the Redis component confines them to <c>&lt;prefix&gt;quota:*</c> keys.
/// Each call is atomic: concurrent callers never get more than <see cref="QuotaRequest.MaxAmount"/> per window between them.
/// </summary>
public interface IQuotaCounters
{
    ValueTask<QuotaGrant> AcquireAsync(QuotaRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The counters cannot be reached now (e.g. Redis is disconnected); callers decide whether to fail open.</summary>
public sealed class QuotaCountersUnavailableException(string message) : Exception(message);
