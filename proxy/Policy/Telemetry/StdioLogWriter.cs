using System.Globalization;
using System.Text;
using System.Text.Json;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Expressions;
using GatewayMesh.Core.Mixer.Expressions.Evaluation;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>
/// The stdio adapter's output: one line per log entry on the proxy's standard output (or error), as Mixer's zap
/// encoder wrote it: JSON <c>{"level":"warn","time":"...","instance":"newlog.logentry.istio-system","destination":"details",...}</c>
/// (variables in name order), or the console form <c>time\tlevel\tinstance\t{variables}</c>. Used only by the background writer.
/// </summary>
public sealed class StdioLogWriter(Stream standardOutput, Stream standardError)
{
    private readonly MemoryStream _line = new();

    public void Write(LogItem item)
    {
        _line.SetLength(0);
        if (item.Sink.Json)
        {
            using var json = new Utf8JsonWriter(_line);
            json.WriteStartObject();
            json.WriteString("level", Level(item.Level));
            json.WriteString("time", Rfc3339.Format(item.Time));
            json.WriteString("instance", item.Instance);
            WriteVariables(json, item.Variables);
            json.WriteEndObject();
        }
        else
        {
            var head = Encoding.UTF8.GetBytes($"{Rfc3339.Format(item.Time)}\t{Level(item.Level)}\t{item.Instance}\t");
            _line.Write(head);
            using var json = new Utf8JsonWriter(_line);
            json.WriteStartObject();
            WriteVariables(json, item.Variables);
            json.WriteEndObject();
        }

        _line.WriteByte((byte)'\n');
        var target = item.Sink.StandardError ? standardError : standardOutput;
        target.Write(_line.GetBuffer(), 0, (int)_line.Length);
    }

    public void Flush()
    {
        standardOutput.Flush();
        standardError.Flush();
    }

    private static string Level(StdioLevel level) => level switch
    {
        StdioLevel.Warning => "warn",
        StdioLevel.Error => "error",
        _ => "info",
    };

    private static void WriteVariables(Utf8JsonWriter json, KeyValuePair<string, object?>[] variables)
    {
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            switch (value)
            {
                case long l:
                    json.WriteNumber(name, l);
                    break;
                case double d when double.IsFinite(d):
                    json.WriteNumber(name, d);
                    break;
                case bool b:
                    json.WriteBoolean(name, b);
                    break;
                case TimeSpan t:
                    json.WriteString(name, CexlFormat.Duration(t));
                    break;
                case DateTimeOffset time:
                    json.WriteString(name, Rfc3339.Format(time));
                    break;
                default:
                    json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
