using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// A route's compiled retry settings. <see cref="From"/> follows Istio: no <c>retries</c> block means the mesh default
/// (2 retries on <c>connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes</c> with 503), a block
/// with <c>attempts</c> 0 (or unset) disables retries, and a block starts from the default and overrides what it sets.
/// <see cref="BaseBackoff"/> null means the proxy's default backoff (25 ms base, capped at 250 ms).
/// </summary>
public sealed record RetryPolicy(
    int Retries,
    RetryOn Conditions,
    ValueList<int> StatusCodes,
    TimeSpan? PerTryTimeout,
    TimeSpan? BaseBackoff,
    bool PreferOtherEndpoints)
{
    public const string IstioDefaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    public static RetryPolicy Disabled { get; } = new(0, RetryOn.None, ValueList<int>.Empty, null, null, true);

    public static RetryPolicy IstioDefault { get; } = new(
        2, RetryOnParser.Parse(IstioDefaultRetryOn).Conditions, new[] { 503 }.ToValueList(), null, null, true);

    public bool Enabled => Retries > 0;

    public static RetryPolicy From(HttpRetry? retries)
    {
        if (retries is null)
        {
            return IstioDefault;
        }

        if (retries.Attempts is not > 0)
        {
            return Disabled;
        }

        var policy = IstioDefault with
        {
            Retries = retries.Attempts.Value,
            PerTryTimeout = retries.PerTryTimeout?.Value,
            BaseBackoff = retries.Backoff?.Value,
            PreferOtherEndpoints = retries.RetryIgnorePreviousHosts ?? true,
        };
        if (!string.IsNullOrWhiteSpace(retries.RetryOn))
        {
            var (conditions, codes) = RetryOnParser.Parse(retries.RetryOn);
            policy = policy with { Conditions = conditions, StatusCodes = codes };
        }

        return policy;
    }
}
