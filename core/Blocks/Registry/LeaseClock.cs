namespace GatewayMesh.Core.Blocks.Registry;

/// <summary>
/// Lease arithmetic shared by the registry components, in whole Unix milliseconds (what Redis stores as a score).
/// A lease is live while its expiry is after now; at the expiry instant it has ended.
/// </summary>
internal static class LeaseClock
{
    public static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);

    public static long NowMs(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    public static long LeaseMs(TimeSpan? lease)
    {
        var value = lease ?? IServiceRegistry.DefaultLease;
        if (value <= TimeSpan.Zero || value > MaxLease)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), value, "a lease must be positive and at most one day");
        }

        return Math.Max(1, (long)value.TotalMilliseconds);
    }

    public static bool IsLive(long expiresAtMs, long nowMs) => expiresAtMs > nowMs;

    public static DateTimeOffset ToTime(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
