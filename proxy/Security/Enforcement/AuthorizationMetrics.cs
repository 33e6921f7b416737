using System.Diagnostics.Metrics;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>
/// Counters on the <c>GatewayMesh.Proxy</c> meter: requests denied by authorization (<c>policy</c>: the DENY policy,
/// or <c>none</c> when no ALLOW policy matched) and requests an AUDIT policy matched (<c>policy</c>, <c>decision</c>).
/// </summary>
public sealed class AuthorizationMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _denied;
    private readonly Counter<long> _audited;

    public AuthorizationMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(ResilienceMetrics.MeterName) ?? new Meter(ResilienceMetrics.MeterName);
        _denied = _meter.CreateCounter<long>("gatewaymesh.proxy.authz.denied", "{request}", "Requests denied by AuthorizationPolicy (403 RBAC: access denied)");
        _audited = _meter.CreateCounter<long>("gatewaymesh.proxy.authz.audited", "{request}", "Requests matched by an AUDIT AuthorizationPolicy");
    }

    public void Denied(string policy) => _denied.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Audited(string policy, bool allowed) =>
        _audited.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("decision", allowed ? "allow" : "deny"));

    public void Dispose() => _meter.Dispose();
}
