using GatewayMesh.Proxy.Policy.Checks;
using GatewayMesh.Proxy.Policy.ExtAuthz;
using GatewayMesh.Proxy.Policy.Quotas;
using GatewayMesh.Proxy.Policy.RateLimits;
using GatewayMesh.Proxy.Policy.Telemetry;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// Everything policy does for one proxy, compiled from one snapshot (<see cref="PolicyCompiler"/>), immutable, read
/// once per request from the applied config. <see cref="Empty"/> when nothing is configured: the policy step and the
/// telemetry recorder then return at once.
/// </summary>
public sealed class CompiledPolicy
{
    public static CompiledPolicy Empty { get; } = new();

    public CompiledChecks Checks { get; init; } = CompiledChecks.Empty;

    public CompiledQuotas Quotas { get; init; } = CompiledQuotas.Empty;

    /// <summary>Telemetry of the ingress, or of a sidecar's inbound side.</summary>
    public CompiledReports Reports { get; init; } = CompiledReports.Empty;

    /// <summary>Telemetry of a sidecar's outbound side (the calls its workload makes).</summary>
    public CompiledReports OutboundReports { get; init; } = CompiledReports.Empty;

    public CompiledRateLimits RateLimits { get; init; } = CompiledRateLimits.Empty;

    public CompiledExtAuthz ExtAuthz { get; init; } = CompiledExtAuthz.Empty;

    /// <summary>Rules' header operations, applied when their rule matches a call that is let through.</summary>
    public IReadOnlyList<RuleHeaderOperations> RuleHeaderOperations { get; init; } = [];

    /// <summary>Whether a quota or global rate limit lets calls through when Redis cannot be reached (MeshConfig <c>policy.quotaFailOpen</c>).</summary>
    public bool QuotaFailOpen { get; init; } = true;

    /// <summary>Config problems found while compiling (broken references left out), for the proxy's log.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Whether the policy step has anything to do.</summary>
    public bool HasRequestWork => !Checks.IsEmpty || !Quotas.IsEmpty || !RateLimits.IsEmpty || !ExtAuthz.IsEmpty || RuleHeaderOperations.Count > 0;
}
