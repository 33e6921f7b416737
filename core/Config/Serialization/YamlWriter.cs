using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// Writes canonical JSON (see <see cref="MeshJson"/>) as block-style YAML, keeping keys in JSON order.
/// Strings that a YAML reader would take for another type (<c>"true"</c>, <c>"123"</c>, <c>""</c>, <c>"~"</c>, <c>"on"</c>)
/// are double-quoted so the YAML reads back as the same JSON.
/// </summary>
public static partial class YamlWriter
{
    /// <summary>Writes one JSON value as one YAML document.</summary>
    public static string FromJson(JsonElement element) => FromJsonDocuments([element]);

    /// <summary>Writes several JSON values as a multi-document YAML stream separated by <c>---</c>.</summary>
    public static string FromJsonDocuments(IEnumerable<JsonElement> elements)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, bestIndent: 2, bestWidth: int.MaxValue);
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var element in elements)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            WriteValue(emitter, element);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            first = false;
        }

        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>True when a plain (unquoted) scalar with this text would not read back as the same string.</summary>
    public static bool NeedsQuotes(string text) =>
        text.Length == 0 || text != text.Trim() || NonStringPlainScalar().IsMatch(text);

    private static void WriteValue(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var hasProperties = element.EnumerateObject().Any();
                emitter.Emit(new MappingStart(null, null, isImplicit: true, hasProperties ? MappingStyle.Block : MappingStyle.Flow));
                foreach (var property in element.EnumerateObject())
                {
                    WriteString(emitter, property.Name);
                    WriteValue(emitter, property.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                var hasItems = element.GetArrayLength() > 0;
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, hasItems ? SequenceStyle.Block : SequenceStyle.Flow));
                foreach (var item in element.EnumerateArray())
                {
                    WriteValue(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                WriteString(emitter, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WritePlain(emitter, element.GetRawText());
                break;
            case JsonValueKind.True:
                WritePlain(emitter, "true");
                break;
            case JsonValueKind.False:
                WritePlain(emitter, "false");
                break;
            default:
                WritePlain(emitter, "null");
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        var style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    private static void WritePlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    // Everything a YAML 1.1 or 1.2 reader may resolve to null, bool, int, float or a timestamp.
    [GeneratedRegex(
        """^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"""
        + """|[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0o[0-7]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)"""
        + """|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"""
        + """|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \t].*)?|=|<<)$""",
        RegexOptions.CultureInvariant)]
    private static partial Regex NonStringPlainScalar();
}
