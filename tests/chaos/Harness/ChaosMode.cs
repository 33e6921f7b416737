namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// How long the suite runs: short by default (every case, minutes in all, within CI's budget);
/// <c>GATEWAYMESH_CHAOS=long</c> keeps the load running ten times as long around every fault.
/// </summary>
public static class ChaosMode
{
    public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable("GATEWAYMESH_CHAOS"), "long", StringComparison.OrdinalIgnoreCase);

    /// <summary>The factor on every "keep the load flowing for N more requests" step.</summary>
    public static int LoadScale => IsLong ? 10 : 1;
}
