using System.Diagnostics.Metrics;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Counters of the per-cluster protections on the <see cref="MeterName"/> meter: outlier ejections (and ejections the
/// maxEjectionPercent cap refused), connection-pool overflows and exhausted retry budgets. Every measurement is tagged
/// with the cluster (Envoy's name, e.g. <c>outbound|9080|v1|reviews.default.svc.cluster.local</c>), and the
/// endpoint or limit where that applies.
/// </summary>
public sealed class ClusterResilienceMetrics : IDisposable
{
    public const string MeterName = "GatewayMesh.Proxy";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _ejectionsSkipped;
    private readonly Counter<long> _returns;
    private readonly Counter<long> _overflows;
    private readonly Counter<long> _budgetExhaustions;

    /// <param name="meterFactory">The host's factory (metrics are then scoped to it); null creates a meter of our own.</param>
    public ClusterResilienceMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ejections = _meter.CreateCounter<long>("gatewaymesh.proxy.ejections", "{ejection}", "Endpoints ejected by outlier detection");
        _ejectionsSkipped = _meter.CreateCounter<long>("gatewaymesh.proxy.ejections_skipped", "{ejection}", "Outliers left in service because maxEjectionPercent was reached");
        _returns = _meter.CreateCounter<long>("gatewaymesh.proxy.ejection_returns", "{return}", "Ejected endpoints returned to service");
        _overflows = _meter.CreateCounter<long>("gatewaymesh.proxy.overflows", "{request}", "Requests refused because a connection-pool limit was reached");
        _budgetExhaustions = _meter.CreateCounter<long>("gatewaymesh.proxy.retry_budget_exhausted", "{retry}", "Retries refused by the retry budget or maxRetries");
    }

    /// <summary>The meter the counters are on (tests listen to exactly this one).</summary>
    internal Meter Meter => _meter;

    /// <summary>A shared instance for code built without a container (tests, defaults).</summary>
    public static ClusterResilienceMetrics Shared { get; } = new();

    public void Ejected(string cluster, string endpoint, string reason) =>
        _ejections.Add(1, new("cluster", cluster), new("endpoint", endpoint), new("reason", reason));

    public void EjectionSkipped(string cluster, string endpoint) =>
        _ejectionsSkipped.Add(1, new("cluster", cluster), new("endpoint", endpoint));

    public void Returned(string cluster, string endpoint) =>
        _returns.Add(1, new("cluster", cluster), new("endpoint", endpoint));

    public void Overflow(string cluster, string limit) =>
        _overflows.Add(1, new("cluster", cluster), new("limit", limit));

    public void BudgetExhausted(string cluster, string limit) =>
        _budgetExhaustions.Add(1, new("cluster", cluster), new("limit", limit));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

