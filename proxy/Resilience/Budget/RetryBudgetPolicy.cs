using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience.Budget;

/// <summary>
/// A DestinationRule <c>trafficPolicy.retryBudget</c> with Istio's defaults: retries in flight may be at most
/// <see cref="Percent"/>% of the requests in flight (20%), but never fewer than <see cref="MinRetryConcurrency"/> (3).
/// </summary>
public sealed record RetryBudgetPolicy
{
    public double Percent { get; init; } = 20;

    public int MinRetryConcurrency { get; init; } = 3;

    /// <summary>The policy for a cluster, or null when it has no <c>retryBudget</c> (then <c>http.maxRetries</c> applies).</summary>
    public static RetryBudgetPolicy? From(RetryBudget? budget) => budget is null ? null : new RetryBudgetPolicy
    {
        Percent = Math.Clamp(budget.Percent ?? 20, 0, 100),
        MinRetryConcurrency = Math.Max(budget.MinRetryConcurrency ?? 3, 0),
    };

    /// <summary>How many retries may be in flight while <paramref name="activeRequests"/> requests are.</summary>
    public int AllowedRetries(int activeRequests) =>
        Math.Max(MinRetryConcurrency, (int)Math.Floor(activeRequests * Percent / 100));
}
