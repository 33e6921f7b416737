using System.Diagnostics.Metrics;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Counters of the route pipelines on the <c>GatewayMesh.Proxy</c> meter, tagged with the route and the cluster:
/// retries (with the reason), timeouts (<c>kind</c> route or per_try), injected faults (<c>kind</c> delay or abort)
/// and hedged requests. Adding to a counter allocates nothing.
/// </summary>
public sealed class ResilienceMetrics : IDisposable
{
    public const string MeterName = "GatewayMesh.Proxy";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _faults;
    private readonly Counter<long> _hedges;

    public ResilienceMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _retries = Meter.CreateCounter<long>("gatewaymesh.proxy.retries", "{retry}", "Upstream requests retried");
        _timeouts = Meter.CreateCounter<long>("gatewaymesh.proxy.timeouts", "{timeout}", "Route and per-try timeouts reached");
        _faults = Meter.CreateCounter<long>("gatewaymesh.proxy.faults", "{fault}", "Faults injected by VirtualService fault rules");
        _hedges = Meter.CreateCounter<long>("gatewaymesh.proxy.hedges", "{request}", "Extra (hedged) upstream requests sent");
    }

    public Meter Meter { get; }

    public void Retry(RouteResilience route, string reason) =>
        _retries.Add(1, Tag("route", route.Name), Tag("cluster", route.ClusterName), Tag("reason", reason));

    public void Timeout(RouteResilience route, string kind) =>
        _timeouts.Add(1, Tag("route", route.Name), Tag("cluster", route.ClusterName), Tag("kind", kind));

    public void Fault(RouteResilience route, string kind) =>
        _faults.Add(1, Tag("route", route.Name), Tag("cluster", route.ClusterName), Tag("kind", kind));

    public void Hedge(RouteResilience route) =>
        _hedges.Add(1, Tag("route", route.Name), Tag("cluster", route.ClusterName));

    public void Dispose() => Meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
