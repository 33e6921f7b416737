using System.Globalization;
using System.Text;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>Prometheus text exposition (format 0.0.4) pieces: label escaping and number formatting.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends <c>name="value"</c>, escaping backslash, double quote and newline as the format requires.</summary>
    public static void AppendLabel(StringBuilder text, string name, string value)
    {
        if (text.Length > 0 && text[^1] != '{')
        {
            text.Append(',');
        }

        text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append("\\\\");
                    break;
                case '"':
                    text.Append("\\\"");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
