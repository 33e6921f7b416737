using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>
/// A DestinationRule <c>outlierDetection</c> block with Istio's and Envoy's defaults filled in. A threshold of 0 turns
/// that kind of detection off. Built once per cluster when the config is compiled; immutable.
/// </summary>
public sealed record OutlierPolicy
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultBaseEjectionTime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxEjectionTime = TimeSpan.FromSeconds(300);

    /// <summary>Consecutive 5xx answers (and, unless split, local-origin failures) before ejection; Envoy's default 5.</summary>
    public int Consecutive5xxErrors { get; init; } = 5;

    /// <summary>Consecutive 502/503/504 answers (and, unless split, local-origin failures) before ejection; off by default, as in Istio.</summary>
    public int ConsecutiveGatewayErrors { get; init; }

    /// <summary>When true, connect failures, timeouts and resets count only towards <see cref="ConsecutiveLocalOriginFailures"/>.</summary>
    public bool SplitExternalLocalOriginErrors { get; init; }

    public int ConsecutiveLocalOriginFailures { get; init; } = 5;

    /// <summary>How often an endpoint's ejection multiplier steps back down while it stays in service.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>The first ejection lasts this long; the n-th consecutive one n times as long, up to <see cref="MaxEjectionTime"/>.</summary>
    public TimeSpan BaseEjectionTime { get; init; } = DefaultBaseEjectionTime;

    /// <summary>Envoy's cap on one ejection: 300 s, or the base time when that is longer.</summary>
    public TimeSpan MaxEjectionTime => BaseEjectionTime > DefaultMaxEjectionTime ? BaseEjectionTime : DefaultMaxEjectionTime;

    public int MaxEjectionPercent { get; init; } = 10;

    /// <summary>Below this share of available endpoints, ejections are ignored and every endpoint is used (Envoy's panic mode); 0 = never.</summary>
    public int MinHealthPercent { get; init; }

    /// <summary>Extra status codes counted like 5xx answers.</summary>
    public ValueList<int> ErrorCodes { get; init; }

    /// <summary>
    /// The policy for a cluster, or null when it has no <c>outlierDetection</c> block. The deprecated
    /// <c>consecutiveErrors</c> counts gateway errors, as Istio maps it, when <c>consecutiveGatewayErrors</c> is not set.
    /// </summary>
    public static OutlierPolicy? From(OutlierDetection? detection) => detection is null ? null : new OutlierPolicy
    {
        Consecutive5xxErrors = detection.Consecutive5xxErrors ?? 5,
        ConsecutiveGatewayErrors = detection.ConsecutiveGatewayErrors ?? detection.ConsecutiveErrors ?? 0,
        SplitExternalLocalOriginErrors = detection.SplitExternalLocalOriginErrors ?? false,
        ConsecutiveLocalOriginFailures = detection.ConsecutiveLocalOriginFailures ?? 5,
        Interval = Positive(detection.Interval) ?? DefaultInterval,
        BaseEjectionTime = Positive(detection.BaseEjectionTime) ?? DefaultBaseEjectionTime,
        MaxEjectionPercent = Math.Clamp(detection.MaxEjectionPercent ?? 10, 0, 100),
        MinHealthPercent = Math.Clamp(detection.MinHealthPercent ?? 0, 0, 100),
        ErrorCodes = detection.OutlierDetectionHttpErrorCodes,
    };

    /// <summary>How long the <paramref name="ejection"/>-th consecutive ejection lasts: base × n, capped.</summary>
    public TimeSpan EjectionTime(int ejection)
    {
        var ticks = Math.Min((double)BaseEjectionTime.Ticks * Math.Max(ejection, 1), MaxEjectionTime.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan? Positive(MeshDuration? duration) => duration?.Value > TimeSpan.Zero ? duration.Value.Value : null;
}
