using System.Diagnostics.Metrics;

namespace GatewayMesh.Proxy.Policy;

/// <summary>
/// Policy's own counters on the <c>GatewayMesh.Policy</c> meter, served on the proxy's Prometheus endpoint
/// (<c>gatewaymesh_policy_*_total</c>): denials by handler, exhausted quotas, decisions taken while the shared
/// counters were unreachable, rate-limited calls, ext-authz outcomes, and Mixer telemetry dropped at the buffer.
/// </summary>
public sealed class PolicyMetrics : IDisposable
{
    public const string MeterName = "GatewayMesh.Policy";

    private readonly Meter _meter;
    private readonly Counter<long> _denied;
    private readonly Counter<long> _exhausted;
    private readonly Counter<long> _unavailable;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _extAuthz;
    private long _telemetryDropped;

    public PolicyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _denied = _meter.CreateCounter<long>("gatewaymesh.policy.check.denied", description: "Calls refused by a Mixer check (denier, listchecker), by handler");
        _exhausted = _meter.CreateCounter<long>("gatewaymesh.policy.quota.exhausted", description: "Calls refused because a Mixer quota was exhausted, by quota");
        _unavailable = _meter.CreateCounter<long>("gatewaymesh.policy.quota.unavailable",
            description: "Quota or global rate limit decisions taken while the shared counters (Redis) could not be reached, by decision (allowed: fail open)");
        _rateLimited = _meter.CreateCounter<long>("gatewaymesh.policy.ratelimit.limited", description: "Calls refused by a local or global rate limit");
        _extAuthz = _meter.CreateCounter<long>("gatewaymesh.policy.ext_authz.checks", description: "External authorization checks, by provider and result");
        _meter.CreateObservableCounter("gatewaymesh.policy.telemetry.dropped", () => Volatile.Read(ref _telemetryDropped),
            description: "Mixer telemetry (metric and logentry instances) dropped because the buffer was full");
    }

    public long TelemetryDropped => Volatile.Read(ref _telemetryDropped);

    public void Denied(string handler) => _denied.Add(1, new KeyValuePair<string, object?>("handler", handler));

    public void Exhausted(string quota) => _exhausted.Add(1, new KeyValuePair<string, object?>("quota", quota));

    public void QuotaUnavailable(string quota, bool allowed) =>
        _unavailable.Add(1, new KeyValuePair<string, object?>("quota", quota), new KeyValuePair<string, object?>("decision", allowed ? "allowed" : "denied"));

    public void RateLimited(string kind, string policy) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("policy", policy));

    public void ExtAuthz(string provider, string result) =>
        _extAuthz.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("result", result));

    public void TelemetryDroppedOne() => Interlocked.Increment(ref _telemetryDropped);

    public void Dispose() => _meter.Dispose();
}
