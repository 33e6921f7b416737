using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry.Kubernetes.Leadership;

/// <summary>
/// Leader election timing, as client-go's: a lease not renewed for <see cref="LeaseDuration"/> may be taken over; the
/// leader gives up if it could not renew for <see cref="RenewDeadline"/> (shorter, so it stops before anyone else can
/// start); every replica tries every <see cref="RetryPeriod"/>.
/// </summary>
internal sealed record LeaseTiming(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    public static LeaseTiming Parse(string leaseDuration, string renewDeadline, string retryPeriod)
    {
        var timing = new LeaseTiming(Duration("--leader-lease-duration", leaseDuration), Duration("--leader-renew-deadline", renewDeadline), Duration("--leader-retry-period", retryPeriod));
        if (timing.LeaseDuration < TimeSpan.FromSeconds(1) || !(timing.RetryPeriod < timing.RenewDeadline && timing.RenewDeadline < timing.LeaseDuration))
        {
            throw new InvalidOperationException($"leader election needs retry period < renew deadline < lease duration (at least 1s); got {retryPeriod}, {renewDeadline}, {leaseDuration}");
        }

        return timing;
    }

    private static TimeSpan Duration(string name, string text) =>
        MeshDuration.TryParse(text, out var value, out var error)
            ? value.Value
            : throw new InvalidOperationException($"{name}: {error}");
}
