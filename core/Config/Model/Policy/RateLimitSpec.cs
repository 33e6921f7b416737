using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Policy;

/// <summary>
/// GatewayMesh's <c>RateLimit</c> (<c>policy.gatewaymesh.io/v1alpha1</c>): a local token bucket in each proxy, and/or
/// global limits counted in the mesh's Redis, for the workloads <see cref="Selector"/> picks (their inbound sidecars;
/// <c>istio: ingressgateway</c> picks the ingress) and, when <see cref="Routes"/> is given, only for those routes.
/// docs/policy.md explains why this is a kind and not VirtualService annotations.
/// </summary>
public sealed record RateLimitSpec
{
    public WorkloadSelector? Selector { get; init; }

    public ValueList<RateLimitRoute> Routes { get; init; }

    public LocalRateLimit? Local { get; init; }

    public GlobalRateLimit? Global { get; init; }
}

/// <summary>A route by its VirtualService (in the RateLimit's namespace unless given) and, optionally, its <c>http[].name</c>.</summary>
public sealed record RateLimitRoute
{
    public string? VirtualService { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }
}

/// <summary>Envoy's local rate limit: a token bucket per proxy; a call finding it empty gets <see cref="StatusCode"/> (429).</summary>
public sealed record LocalRateLimit
{
    public TokenBucket? TokenBucket { get; init; }

    public int? StatusCode { get; init; }

    /// <summary>Adds <c>x-envoy-ratelimited: true</c> to limited responses, as Envoy's rate limit filters do.</summary>
    public bool? RateLimitedHeader { get; init; }

    /// <summary>More headers on limited responses.</summary>
    public ValueMap<string, string> ResponseHeaders { get; init; }
}

/// <summary>Envoy's <c>token_bucket</c>: at most <see cref="MaxTokens"/>, refilled by <see cref="TokensPerFill"/> every <see cref="FillInterval"/>.</summary>
public sealed record TokenBucket
{
    public long? MaxTokens { get; init; }

    public long? TokensPerFill { get; init; }

    public MeshDuration? FillInterval { get; init; }
}

/// <summary>Global limits, as Envoy's rate limit service counts them: per descriptor, in Redis, in windows of one unit.</summary>
public sealed record GlobalRateLimit
{
    /// <summary>Scopes the counters (Envoy's rate limit domain); the RateLimit's namespace/name when empty.</summary>
    public string? Domain { get; init; }

    public ValueList<RateLimitDescriptor> Descriptors { get; init; }

    /// <summary><c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> on every response (default true).</summary>
    public bool? RateLimitHeaders { get; init; }
}

/// <summary>A descriptor: entries whose values are Mixer expressions over the call, and the limit per distinct value set.</summary>
public sealed record RateLimitDescriptor
{
    public ValueList<DescriptorEntry> Entries { get; init; }

    public RateLimitValue? Limit { get; init; }
}

/// <summary>One descriptor entry: a key and an expression for its value; a call for which it is undefined is not counted.</summary>
public sealed record DescriptorEntry
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

public sealed record RateLimitValue
{
    public long? RequestsPerUnit { get; init; }

    public RateLimitUnit? Unit { get; init; }
}

[JsonConverter(typeof(MeshEnumConverter<RateLimitUnit>))]
public enum RateLimitUnit
{
    Second,
    Minute,
    Hour,
    Day,
}
