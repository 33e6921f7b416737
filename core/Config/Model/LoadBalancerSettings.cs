using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>LoadBalancerSettings</c>: a simple algorithm or consistent hashing, plus locality and warmup.</summary>
public sealed record LoadBalancerSettings
{
    public SimpleLB? Simple { get; init; }

    public ConsistentHashLB? ConsistentHash { get; init; }

    public LocalityLoadBalancerSetting? LocalityLbSetting { get; init; }

    public ZoneAwareLoadBalancerSetting? ZoneAwareLbSetting { get; init; }

    public MeshDuration? WarmupDurationSecs { get; init; }

    public WarmupConfiguration? Warmup { get; init; }
}

/// <summary>Istio's <c>LoadBalancerSettings.SimpleLB</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<SimpleLB>))]
public enum SimpleLB
{
    Unspecified = 0,

    /// <summary>Deprecated in Istio; same as <see cref="LeastRequest"/>.</summary>
    LeastConn = 1,
    Random = 2,
    Passthrough = 3,
    RoundRobin = 4,
    LeastRequest = 5,
}

/// <summary>Istio's <c>ConsistentHashLB</c>: session affinity by header, cookie, source IP or query parameter.</summary>
public sealed record ConsistentHashLB
{
    public string? HttpHeaderName { get; init; }

    public HttpCookie? HttpCookie { get; init; }

    public bool? UseSourceIp { get; init; }

    public string? HttpQueryParameterName { get; init; }

    public RingHash? RingHash { get; init; }

    public MagLev? Maglev { get; init; }

    /// <summary>Deprecated in Istio in favour of <see cref="RingHash"/>.</summary>
    public long? MinimumRingSize { get; init; }
}

/// <summary>Istio's <c>ConsistentHashLB.HTTPCookie</c>: the cookie hashed on, generated when absent.</summary>
public sealed record HttpCookie
{
    public string? Name { get; init; }

    public string? Path { get; init; }

    public MeshDuration? Ttl { get; init; }

    public ValueList<HttpCookieAttribute> Attributes { get; init; }
}

/// <summary>Istio's <c>HTTPCookie.Attribute</c>: an extra attribute of a generated cookie.</summary>
public sealed record HttpCookieAttribute
{
    public string? Name { get; init; }

    public string? Value { get; init; }
}

/// <summary>Istio's <c>ConsistentHashLB.RingHash</c>.</summary>
public sealed record RingHash
{
    public long? MinimumRingSize { get; init; }
}

/// <summary>Istio's <c>ConsistentHashLB.MagLev</c>.</summary>
public sealed record MagLev
{
    public long? TableSize { get; init; }
}

/// <summary>Istio's <c>WarmupConfiguration</c>: ramps traffic to new endpoints up over a duration.</summary>
public sealed record WarmupConfiguration
{
    public MeshDuration? Duration { get; init; }

    public double? MinimumPercent { get; init; }

    public double? Aggression { get; init; }
}
