using System.Globalization;
using System.Text;

namespace GatewayMesh.Dashboard.Scraping;

/// <summary>
/// Reads Prometheus text exposition (format 0.0.4): <c>name{label="value",...} value</c> lines, comments skipped,
/// label values unescaped (<c>\\</c>, <c>\"</c>, <c>\n</c>). Only the families named by <c>keep</c> are returned; a
/// malformed line is skipped, never an error (a proxy's answer is not trusted to be well formed).
/// </summary>
internal static class PrometheusTextParser
{
    public static List<PrometheusSample> Parse(string text, Func<string, bool> keep)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, keep, out var sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static bool TryParseLine(string line, Func<string, bool> keep, out PrometheusSample sample)
    {
        sample = null!;
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] is not ('{' or ' '))
        {
            nameEnd++;
        }

        var name = line[..nameEnd];
        if (name.Length == 0 || !keep(name))
        {
            return false;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = nameEnd;
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    return false;
                }

                var key = line[i..eq].Trim();
                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length)
                {
                    return false;
                }

                labels[key] = value.ToString();
                i = j + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }

            i++; // '}'
        }

        var rest = line[Math.Min(i, line.Length)..].Trim();
        var space = rest.IndexOf(' ');
        var number = space < 0 ? rest : rest[..space]; // an optional timestamp follows
        if (!TryNumber(number, out var parsed))
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, parsed);
        return true;
    }

    private static bool TryNumber(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
