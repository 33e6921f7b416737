using GatewayMesh.Core.Config.Annotations;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Everything one route's pipeline is built from, as a value: the overall <see cref="Timeout"/> (null: none, Istio's
/// default), <see cref="Retry"/>, <see cref="Fault"/> and <see cref="Hedging"/>. Equal policies build equal pipelines,
/// so a pipeline is rebuilt only when its policy changes.
/// </summary>
public sealed record ResiliencePolicy(TimeSpan? Timeout, RetryPolicy Retry, FaultPolicy? Fault, HedgingSettings? Hedging)
{
    /// <summary>No timeout, no retries, no faults, no hedging: requests go straight to the forwarder.</summary>
    public static ResiliencePolicy None { get; } = new(null, RetryPolicy.Disabled, null, null);

    public bool IsEmpty => Timeout is null && !Retry.Enabled && Fault is null && Hedging is null;

    /// <summary>
    /// True when only retries are configured (no timeout, per-try timeout, fault or hedging): the first attempt can be
    /// sent before the pipeline, which is entered only if its outcome is to be retried.
    /// </summary>
    public bool FirstAttemptOutsidePipeline => Retry.Enabled && Retry.PerTryTimeout is null && Timeout is null && Fault is null && Hedging is null;

    public static ResiliencePolicy From(RoutePolicies policies) => new(
        policies.Timeout?.Value is { } t && t > TimeSpan.Zero ? t : null,
        RetryPolicy.From(policies.Retries),
        FaultPolicy.From(policies.Fault),
        policies.Hedging);
}
