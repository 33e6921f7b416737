using System.Globalization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Context;

/// <summary>
/// <c>--request-timeout</c>, as kubectl has it: how long one registry request may take. <c>0</c> waits forever; the
/// default is 30 s, long enough for a registry that is busy but alive.
/// </summary>
internal static class RequestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>The timeout for <paramref name="text"/> (a duration like <c>30s</c>, <c>2m</c>, or <c>0</c>).</summary>
    public static TimeSpan Parse(string text)
    {
        if (text.Trim() == "0")
        {
            return Timeout.InfiniteTimeSpan;
        }

        if (!MeshDuration.TryParse(text, out var duration, out var error))
        {
            throw new CliException($"invalid --request-timeout \"{text}\": {error}");
        }

        if (duration.Value <= TimeSpan.Zero || duration.Value > TimeSpan.FromDays(1))
        {
            throw new CliException($"invalid --request-timeout \"{text}\": must be 0 (no limit) or from 1ms to 24h");
        }

        return duration.Value;
    }

    public static string Format(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 && timeout.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
