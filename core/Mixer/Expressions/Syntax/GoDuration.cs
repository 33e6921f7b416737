using System.Globalization;

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

/// <summary>
/// Go's <c>time.ParseDuration</c>: a signed sequence of decimal numbers, each with a unit (<c>ns</c>, <c>us</c>, <c>µs</c>,
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), or <c>0</c>. Mixer made any string literal that parses this way a DURATION.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal ticks = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || (digits == 1 && s[0] == '.') ||
                !decimal.TryParse(s[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[digits..];
            var unit = 0;
            while (unit < s.Length && !char.IsAsciiDigit(s[unit]) && s[unit] != '.')
            {
                unit++;
            }

            decimal? perUnit = s[..unit] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (perUnit is null)
            {
                return false;
            }

            ticks += number * perUnit.Value;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            s = s[unit..];
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(negative ? -ticks : ticks));
        return true;
    }
}
