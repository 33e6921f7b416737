using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.RateLimits;

/// <summary>The RateLimits that select this proxy's workload, in name order.</summary>
public sealed class CompiledRateLimits(IReadOnlyList<RateLimitEntry> entries)
{
    public static CompiledRateLimits Empty { get; } = new([]);

    public IReadOnlyList<RateLimitEntry> Entries { get; } = entries;

    public bool IsEmpty => Entries.Count == 0;
}

/// <summary>One RateLimit: the routes it is limited to (none: every call), its local bucket and its global descriptors.</summary>
public sealed class RateLimitEntry(string name, IReadOnlyList<RouteSelector> routes, LocalLimit? local, GlobalLimit? global)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<RouteSelector> Routes { get; } = routes;

    public LocalLimit? Local { get; } = local;

    public GlobalLimit? Global { get; } = global;

    /// <summary>Whether the entry applies to a call routed by <paramref name="virtualService"/> (<c>ns/name</c>) rule <paramref name="rule"/>.</summary>
    public bool AppliesTo(string? virtualService, string? rule)
    {
        if (Routes.Count == 0)
        {
            return true;
        }

        foreach (var route in Routes)
        {
            if (string.Equals(route.VirtualService, virtualService, StringComparison.Ordinal) &&
                (route.Rule is null || string.Equals(route.Rule, rule, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A route: its VirtualService (as its resource key prints, what the route table records) and, optionally, its <c>http[].name</c>.</summary>
public sealed record RouteSelector(string VirtualService, string? Rule);

/// <summary>A local token bucket's settings; the bucket itself lives in <see cref="LocalRateLimiters"/> and survives reloads that keep them.</summary>
public sealed record LocalLimit(string Key, long MaxTokens, long TokensPerFill, TimeSpan FillInterval, int StatusCode, bool RateLimitedHeader, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The headers of a limited response: <c>x-envoy-ratelimited</c> when configured, then the configured ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReplyHeaders { get; } =
        RateLimitedHeader ? [new("x-envoy-ratelimited", "true"), .. Headers] : Headers;

    public bool Equals(LocalLimit? other) =>
        other is not null && Key == other.Key && MaxTokens == other.MaxTokens && TokensPerFill == other.TokensPerFill &&
        FillInterval == other.FillInterval && StatusCode == other.StatusCode && RateLimitedHeader == other.RateLimitedHeader && Headers.SequenceEqual(other.Headers);

    public override int GetHashCode() => HashCode.Combine(Key, MaxTokens, TokensPerFill, FillInterval);
}

/// <summary>Global descriptors counted in Redis, and whether responses carry <c>X-RateLimit-*</c> headers.</summary>
public sealed record GlobalLimit(string Domain, IReadOnlyList<GlobalDescriptor> Descriptors, bool Headers);

/// <summary>A descriptor: its entries (key, value expression) and its limit per window of one unit.</summary>
public sealed record GlobalDescriptor(int Index, IReadOnlyList<(string Key, CexlExpression Value)> Entries, long RequestsPerUnit, TimeSpan Unit)
{
    public static TimeSpan UnitLength(RateLimitUnit unit) => unit switch
    {
        RateLimitUnit.Second => TimeSpan.FromSeconds(1),
        RateLimitUnit.Minute => TimeSpan.FromMinutes(1),
        RateLimitUnit.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };
}
