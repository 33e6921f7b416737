namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Knobs of the resilience layer that are not in Istio's config. <see cref="Randomizer"/> decides fault injection
/// and backoff jitter (a seeded one makes tests repeatable; it must be thread-safe in production).
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>Envoy's default retry backoff base: 25 ms, jittered, exponential.</summary>
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromMilliseconds(25);

    /// <summary>A uniform value in [0, 1) for fault injection and jitter.</summary>
    public Func<double> Randomizer { get; init; } = Random.Shared.NextDouble;

    /// <summary>The retry backoff base when the route sets none.</summary>
    public TimeSpan BackoffBase { get; init; } = DefaultBackoffBase;

    /// <summary>The backoff cap is this many times the base (Envoy: 10, so 250 ms by default).</summary>
    public int BackoffCapFactor { get; init; } = 10;

    /// <summary>How many picks a retry makes to find an endpoint not tried yet (Istio: 5).</summary>
    public int HostSelectionAttempts { get; init; } = 5;
}
