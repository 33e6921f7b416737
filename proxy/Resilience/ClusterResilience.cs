using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience.Budget;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Security.Transport;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// The per-cluster protections of one cluster generation, carried by its <c>ClusterEntry</c> so the forwarding path
/// reaches them without a lookup:
/// <list type="bullet">
/// <item><see cref="Health"/>: which endpoints the balancer may pick (outlier ejection); <see cref="Outliers"/> when the cluster has outlierDetection.</item>
/// <item><see cref="Pool"/>: connection-pool request limits (call <c>TryAcquire</c> per attempt).</item>
/// <item><see cref="Retries"/>: the retry budget or maxRetries (call <c>TryAcquireRetry</c> before each retry).</item>
/// <item><see cref="Invoker"/>: the cluster's own upstream client when its connectionPool shapes one, else null (use the shared client).</item>
/// </list>
/// </summary>
public sealed record ClusterResilience(
    EndpointHealth Health,
    OutlierHealthView? Outliers,
    ConnectionPoolLimiter Pool,
    RetryLimiter Retries,
    HttpMessageInvoker? Invoker)
{
    /// <summary>Mesh mTLS of this proxy's upstream clients; null when none is configured (every endpoint is then reached in plaintext).</summary>
    public UpstreamTls? Tls { get; init; }

    /// <summary>
    /// Counts the outcome of one attempt to endpoint <paramref name="endpointIndex"/> of this generation (a null outcome,
    /// such as a client cancel, counts nothing); a no-op without outlierDetection.
    /// </summary>
    public void Report(int endpointIndex, AttemptOutcome? outcome)
    {
        if (outcome is { } counted)
        {
            Outliers?.Report(endpointIndex, counted);
        }
    }
}
