using Google.Protobuf;

namespace GatewayMesh.UnitTests.Dashboard;

/// <summary>Builds OTLP ExportTraceServiceRequest bodies field by field (OTLP's field numbers), as an exporter sends them.</summary>
internal static class OtlpBodies
{
    public static byte[] Request(string service, params byte[][] spans)
    {
        var resource = Message(w => KeyValueField(w, 1, "service.name", service));
        var scope = Message(w =>
        {
            foreach (var span in spans)
            {
                w.WriteTag(2, WireFormat.WireType.LengthDelimited);
                w.WriteBytes(ByteString.CopyFrom(span));
            }
        });
        var resourceSpans = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(resource));
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(scope));
        });
        return Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(resourceSpans));
        });
    }

    public static byte[] Span(string traceId, string spanId, string? parent, string name, int kind, ulong start, ulong end, params (string Key, object Value)[] attributes) =>
        Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(traceId)));
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(spanId)));
            if (parent is not null)
            {
                w.WriteTag(4, WireFormat.WireType.LengthDelimited);
                w.WriteBytes(ByteString.CopyFrom(Convert.FromHexString(parent)));
            }

            w.WriteTag(5, WireFormat.WireType.LengthDelimited);
            w.WriteString(name);
            w.WriteTag(6, WireFormat.WireType.Varint);
            w.WriteEnum(kind);
            w.WriteTag(7, WireFormat.WireType.Fixed64);
            w.WriteFixed64(start);
            w.WriteTag(8, WireFormat.WireType.Fixed64);
            w.WriteFixed64(end);
            foreach (var (key, value) in attributes)
            {
                KeyValueField(w, 9, key, value);
            }
        });

    private static void KeyValueField(CodedOutputStream output, int field, string key, object value)
    {
        var any = Message(w =>
        {
            switch (value)
            {
                case string s:
                    w.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    w.WriteString(s);
                    break;
                case long l:
                    w.WriteTag(3, WireFormat.WireType.Varint);
                    w.WriteInt64(l);
                    break;
            }
        });
        var keyValue = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteString(key);
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(any));
        });
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(keyValue));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        write(output);
        output.Flush();
        return memory.ToArray();
    }
}
