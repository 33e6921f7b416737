using System.Globalization;
using Google.Protobuf;

namespace GatewayMesh.Dashboard.Traces;

/// <summary>
/// Decodes an OTLP/HTTP protobuf <c>ExportTraceServiceRequest</c> (the body OpenTelemetry exporters POST to
/// <c>/v1/traces</c>) into spans, reading only the fields the dashboard shows: per resource the <c>service.name</c>
/// attribute; per span ids, parent, name, kind, start and end, attributes (scalars as text) and status. Unknown fields
/// are skipped, as protobuf requires. Field numbers are OTLP's (opentelemetry/proto/trace/v1/trace.proto).
/// </summary>
internal static class OtlpTraceDecoder
{
    private static readonly string[] Kinds = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
    private static readonly string[] Statuses = ["UNSET", "OK", "ERROR"];

    public static List<SpanRecord> Decode(ReadOnlySpan<byte> body)
    {
        var spans = new List<SpanRecord>();
        var input = new CodedInputStream(body.ToArray());
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                ResourceSpans(input.ReadBytes(), spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    private static void ResourceSpans(ByteString bytes, List<SpanRecord> spans)
    {
        var input = bytes.CreateCodedInput();
        var service = "unknown";
        var scopes = new List<ByteString>();
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // Resource
                    var resource = Attributes(input.ReadBytes(), attributesField: 1);
                    service = resource.GetValueOrDefault("service.name", service);
                    break;
                case 2: // ScopeSpans
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            var scopeInput = scope.CreateCodedInput();
            while (scopeInput.ReadTag() is var tag and not 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 2)
                {
                    spans.Add(Span(scopeInput.ReadBytes(), service));
                }
                else
                {
                    scopeInput.SkipLastField();
                }
            }
        }
    }

    private static SpanRecord Span(ByteString bytes, string service)
    {
        var input = bytes.CreateCodedInput();
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        long start = 0, end = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var status = 0;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    traceId = Hex(input.ReadBytes());
                    break;
                case 2:
                    spanId = Hex(input.ReadBytes());
                    break;
                case 4:
                    var parentBytes = input.ReadBytes();
                    parent = parentBytes.Length == 0 ? null : Hex(parentBytes);
                    break;
                case 5:
                    name = input.ReadString();
                    break;
                case 6:
                    kind = input.ReadEnum();
                    break;
                case 7:
                    start = (long)input.ReadFixed64();
                    break;
                case 8:
                    end = (long)input.ReadFixed64();
                    break;
                case 9:
                    var (key, value) = KeyValue(input.ReadBytes());
                    attributes[key] = value;
                    break;
                case 15:
                    status = StatusCode(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new SpanRecord(traceId, spanId, parent, name, kind < Kinds.Length ? Kinds[kind] : "UNSPECIFIED", service, start, end, attributes,
            status < Statuses.Length ? Statuses[status] : "UNSET");
    }

    private static Dictionary<string, string> Attributes(ByteString bytes, int attributesField)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == attributesField)
            {
                var (key, value) = KeyValue(input.ReadBytes());
                attributes[key] = value;
            }
            else
            {
                input.SkipLastField();
            }
        }

        return attributes;
    }

    private static (string Key, string Value) KeyValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string key = "", value = "";
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2:
                    value = AnyValue(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }

    private static string AnyValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var value = "";
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    value = input.ReadString();
                    break;
                case 2:
                    value = input.ReadBool() ? "true" : "false";
                    break;
                case 3:
                    value = input.ReadInt64().ToString(CultureInfo.InvariantCulture);
                    break;
                case 4:
                    value = input.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
                    break;
                default:
                    input.SkipLastField(); // arrays, maps and bytes are not shown
                    break;
            }
        }

        return value;
    }

    private static int StatusCode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var code = 0;
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 3)
            {
                code = input.ReadEnum();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return code;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
