using System.Diagnostics;

namespace GatewayMesh.Proxy.Telemetry.Tracing;

/// <summary>How a trace context arrived (and so how it is passed on, besides W3C).</summary>
public enum TraceHeaderStyle : byte
{
    None,
    W3C,
    B3Multi,
    B3Single,
}

/// <summary>
/// The trace context of one request: trace id, the caller's span id, the sampling decision, the header style it came
/// in, and W3C <c>tracestate</c> to pass on. <see cref="HasIds"/> is false for a B3 sampling-only header
/// (<c>b3: 1</c>, <c>x-b3-sampled: 0</c>), which carries a decision but no trace.
/// </summary>
public readonly record struct TraceContext(
    ActivityTraceId TraceId,
    ActivitySpanId SpanId,
    bool Sampled,
    TraceHeaderStyle Style,
    string? TraceState = null)
{
    public bool HasIds => TraceId != default;

    public ActivityContext ToActivityContext(bool remote = true) =>
        new(TraceId, SpanId, Sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, TraceState, remote);
}
