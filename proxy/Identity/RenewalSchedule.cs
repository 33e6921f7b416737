namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// When the agent acts, as pure functions of the certificate, the failure count and a uniform random number in [0, 1):
/// renewal at half-life with ±5 % jitter (so proxies started together do not renew together), and capped exponential
/// backoff with jitter after a failure.
/// </summary>
public static class RenewalSchedule
{
    public const double EarliestFraction = 0.45;
    public const double LatestFraction = 0.55;

    /// <summary><c>NotBefore + lifetime × U(0.45, 0.55)</c>.</summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, double uniform)
    {
        var lifetime = notAfter - notBefore;
        var fraction = EarliestFraction + ((LatestFraction - EarliestFraction) * Math.Clamp(uniform, 0, 1));
        return notBefore + (lifetime * fraction);
    }

    /// <summary>
    /// The wait before retry number <paramref name="failures"/> (1 after the first failure): <c>min(max, initial × 2^(failures-1))</c>,
    /// of which a random half is added (<c>d/2 + U × d/2</c>), so the wait is in [d/2, d).
    /// </summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan initial, TimeSpan max, double uniform)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ceiling = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent)));
        return (ceiling / 2) + (ceiling / 2 * Math.Clamp(uniform, 0, 1));
    }
}
