using System.Globalization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Annotations;

/// <summary>
/// The <c>gatewaymesh.io/hedging</c> annotation of a VirtualService, e.g. <c>"delay=50ms,max=2"</c>: after
/// <see cref="HedgingSettings.Delay"/> without an answer, the proxy sends the same (idempotent, bodiless) request to
/// another endpoint, up to <see cref="HedgingSettings.MaxHedgedAttempts"/> extra requests; the first good answer wins.
/// Shared by the validator (which reports the exact error) and the route compiler (which reads valid values only).
/// </summary>
public static class HedgingAnnotation
{
    public const string Key = "gatewaymesh.io/hedging";

    /// <summary>The most extra requests one hedged request may send.</summary>
    public const int MaxHedgedAttemptsLimit = 10;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    /// <summary>The settings of <paramref name="annotations"/>, or null when there is no (valid) hedging annotation.</summary>
    public static HedgingSettings? Read(ValueMap<string, string> annotations) =>
        annotations.TryGetValue(Key, out var text) && TryParse(text, out var settings, out _) ? settings : null;

    public static bool TryParse(string? text, out HedgingSettings? settings, out string error)
    {
        settings = null;
        TimeSpan? delay = null;
        int? max = null;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq].Trim();
            var value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            switch (name)
            {
                case "delay" when delay is not null:
                case "max" when max is not null:
                    error = $"\"{name}\" is given twice";
                    return false;
                case "delay":
                    if (!MeshDuration.TryParse(value, out var duration, out var durationError))
                    {
                        error = $"delay: {durationError}";
                        return false;
                    }

                    if (duration.Value < TimeSpan.FromMilliseconds(1) || duration.Value > MaxDelay)
                    {
                        error = $"delay must be between 1ms and 10m, got \"{value}\"";
                        return false;
                    }

                    delay = duration.Value;
                    break;
                case "max":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > MaxHedgedAttemptsLimit)
                    {
                        error = $"max must be a whole number from 1 to {MaxHedgedAttemptsLimit}, got \"{value}\"";
                        return false;
                    }

                    max = count;
                    break;
                default:
                    error = $"unknown setting \"{name}\"; expected \"delay=<duration>,max=<extra requests>\", e.g. \"delay=50ms,max=2\"";
                    return false;
            }
        }

        if (delay is null)
        {
            error = "delay is required, e.g. \"delay=50ms,max=2\"";
            return false;
        }

        settings = new HedgingSettings(delay.Value, max ?? 1);
        error = "";
        return true;
    }
}

/// <summary>Parsed <c>gatewaymesh.io/hedging</c>: wait <paramref name="Delay"/> before each extra request, at most <paramref name="MaxHedgedAttempts"/> of them.</summary>
public sealed record HedgingSettings(TimeSpan Delay, int MaxHedgedAttempts);
