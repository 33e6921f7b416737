using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience.Budget;

/// <summary>
/// A DestinationRule <c>trafficPolicy.retryBudget</c> with Istio's defaults: retries in flight may be at most
/// <see cref="Percent"/>% of the requests in flight (20%), but never fewer than <see cref="MinRetryConcurrency"/> (3).
/// With <see cref="Interval"/> (<c>budgetInterval</c>) the percentage is of the requests started within the last interval
/// instead of those in flight, as Envoy's <c>budget_interval</c> does: a trickle of sequential requests, never more than
/// one in flight, then earns retries too, and a burst keeps its budget for the interval after it.
/// </summary>
public sealed record RetryBudgetPolicy
{
    public double Percent { get; init; } = 20;

    public int MinRetryConcurrency { get; init; } = 3;

    /// <summary><c>budgetInterval</c>; null (Istio's default): only the requests in flight count.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The policy for a cluster, or null when it has no <c>retryBudget</c> (then <c>http.maxRetries</c> applies).</summary>
    public static RetryBudgetPolicy? From(RetryBudget? budget) => budget is null ? null : new RetryBudgetPolicy
    {
        Percent = Math.Clamp(budget.Percent ?? 20, 0, 100),
        MinRetryConcurrency = Math.Max(budget.MinRetryConcurrency ?? 3, 0),
        Interval = budget.BudgetInterval?.Value is { } interval && interval > TimeSpan.Zero ? interval : null,
    };

    /// <summary>How many retries may be in flight while <paramref name="requests"/> requests are in flight (or were started within the interval).</summary>
    public int AllowedRetries(long requests) =>
        Math.Max(MinRetryConcurrency, (int)Math.Min(int.MaxValue, Math.Floor(requests * Percent / 100)));
}
