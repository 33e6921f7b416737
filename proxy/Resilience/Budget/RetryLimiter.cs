using GatewayMesh.Proxy.Resilience.Load;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Budget;

/// <summary>
/// Bounds the retries in flight to one cluster, so a retry storm against a failing service stays bounded. With a
/// <c>retryBudget</c>: at most max(minRetryConcurrency, percent% of the requests in flight, or of those started within
/// its <c>budgetInterval</c> when it has one: <see cref="ClusterLoad.Window"/>); without one: at most
/// <c>http.maxRetries</c> (unlimited unless set). As in Envoy, a budget replaces maxRetries. Lock-free; immutable per
/// generation, with counters shared across generations.
/// </summary>
public sealed class RetryLimiter
{
    private readonly string _name;
    private readonly ClusterResilienceMetrics _metrics;
    private readonly ILogger _logger;

    public RetryLimiter(ClusterKey cluster, RetryBudgetPolicy? budget, int maxRetries, ClusterLoad load, ClusterResilienceMetrics metrics, ILogger logger)
    {
        Cluster = cluster;
        Budget = budget;
        MaxRetries = maxRetries;
        Load = load;
        _name = cluster.ToString();
        _metrics = metrics;
        _logger = logger;
    }

    public ClusterKey Cluster { get; }

    public RetryBudgetPolicy? Budget { get; }

    public int MaxRetries { get; }

    public ClusterLoad Load { get; }

    /// <summary>Retries in flight allowed right now.</summary>
    public int AllowedRetries => Budget?.AllowedRetries(Budget.Interval is not null && Load.Window is { } window ? window.Count : Load.ActiveRequests) ?? MaxRetries;

    /// <summary>
    /// Asks to start one retry. When <see cref="RetryLease.Acquired"/> is false the caller must not retry (the refusal is
    /// counted and logged); otherwise dispose the lease when the retry attempt ends.
    /// </summary>
    public RetryLease TryAcquireRetry()
    {
        var allowed = AllowedRetries;
        var active = Interlocked.Increment(ref Load.ActiveRetryCount);
        if (active <= allowed)
        {
            return new RetryLease(Load);
        }

        Interlocked.Decrement(ref Load.ActiveRetryCount);
        var limit = Budget is null ? "max_retries" : "retry_budget";
        _metrics.BudgetExhausted(_name, limit);
        Log.RetryRefused(_logger, _name, limit, allowed, active - 1);
        return default;
    }

    /// <summary>True when this limiter enforces exactly <paramref name="budget"/> and <paramref name="maxRetries"/>.</summary>
    internal bool Enforces(RetryBudgetPolicy? budget, int maxRetries) => Equals(Budget, budget) && MaxRetries == maxRetries;
}
