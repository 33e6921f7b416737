using System.Globalization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// <c>up --lease-ttl</c>: how long a workload's registration lives without a heartbeat, passed to every sidecar
/// (which heartbeats every third of it). Whole seconds from 1 s to 300 s, the range the registry grants.
/// </summary>
internal static class LeaseTtl
{
    public const string Option = "--lease-ttl";
    public const int MinSeconds = 1;
    public const int MaxSeconds = 300;

    /// <summary>The lease, or null when not given (the sidecars' default, 10 s); a CliException naming the switch otherwise.</summary>
    public static TimeSpan? Parse(string? text) =>
        ParseWholeSeconds(text, Option, MinSeconds, MaxSeconds, "a killed workload leaves the pool within about that time", "5s");

    /// <summary>
    /// <paramref name="text"/> as a duration of whole seconds from <paramref name="min"/> to <paramref name="max"/>
    /// seconds, or null when not given; a CliException naming <paramref name="option"/> otherwise.
    /// </summary>
    internal static TimeSpan? ParseWholeSeconds(string? text, string option, int min, int max, string meaning, string example)
    {
        if (text is null)
        {
            return null;
        }

        if (!MeshDuration.TryParse(text, out var duration, out var error))
        {
            throw Invalid(text, error);
        }

        var value = duration.Value;
        if (value < TimeSpan.FromSeconds(min) || value > TimeSpan.FromSeconds(max) || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw Invalid(text, $"must be whole seconds from {min}s to {Format(TimeSpan.FromSeconds(max))}");
        }

        return value;

        CliException Invalid(string given, string why) => new($"{option} '{given}': {why}", [$"e.g. ./meshctl up {option} {example} ({meaning})"]);
    }

    /// <summary>The sidecar's spelling of the lease, e.g. <c>5s</c>.</summary>
    public static string Format(TimeSpan lease) => ((long)lease.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
