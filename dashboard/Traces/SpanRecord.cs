namespace GatewayMesh.Dashboard.Traces;

/// <summary>One received span: ids in hex, the service that reported it (resource <c>service.name</c>), timing and attributes.</summary>
internal sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Service,
    long StartUnixNano,
    long EndUnixNano,
    IReadOnlyDictionary<string, string> Attributes,
    string Status);
