using System.Globalization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// A duration as Istio users write it: a sequence of decimal numbers with units (<c>ns</c>, <c>us</c>, <c>µs</c>,
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), e.g. <c>1.5s</c>, <c>100ms</c>, <c>2m</c>, <c>1h30m</c>.
/// Equality is by the parsed value; <see cref="Text"/> keeps the spelling for output.
/// </summary>
public readonly record struct MeshDuration
{
    private MeshDuration(string text, TimeSpan value)
    {
        Text = text;
        Value = value;
    }

    public string Text { get; }

    public TimeSpan Value { get; }

    public static MeshDuration FromTimeSpan(TimeSpan value) => new(Format(value), value);

    public static MeshDuration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse(string? text, out MeshDuration duration, out string error)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "duration is empty";
            return false;
        }

        var s = text.Trim();
        var i = 0;
        decimal totalTicks = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"invalid duration \"{text}\": expected a number followed by a unit (e.g. 1.5s, 100ms, 2m)";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            decimal? ticksPerUnit = unit switch
            {
                "ns" => 0.01m,
                "us" or "µs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                error = unit.Length == 0
                    ? $"invalid duration \"{text}\": missing unit (use ms, s, m or h)"
                    : $"invalid duration \"{text}\": unknown unit \"{unit}\" (use ns, us, ms, s, m or h)";
                return false;
            }

            totalTicks += number * ticksPerUnit.Value;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                error = $"invalid duration \"{text}\": too large";
                return false;
            }
        }

        duration = new MeshDuration(s, TimeSpan.FromTicks((long)decimal.Round(totalTicks)));
        error = "";
        return true;
    }

    public bool Equals(MeshDuration other) => Value == other.Value;

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Text ?? Format(Value);

    private static string Format(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerSecond}s";
        }

        if (value.Ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerMillisecond}ms";
        }

        return value.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }
}
