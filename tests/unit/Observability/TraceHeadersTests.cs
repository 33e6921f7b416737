using System.Diagnostics;
using GatewayMesh.Proxy.Telemetry.Tracing;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class TraceHeadersTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }

    [Fact]
    public void TryExtract_W3C_ReadsIdsFlagsAndState()
    {
        Assert.True(TraceHeaders.TryExtract(Headers(("traceparent", $"00-{TraceId}-{SpanId}-01"), ("tracestate", "vendor=x")), out var context));
        Assert.Equal(TraceId, context.TraceId.ToHexString());
        Assert.Equal(SpanId, context.SpanId.ToHexString());
        Assert.True(context.Sampled);
        Assert.Equal(TraceHeaderStyle.W3C, context.Style);
        Assert.Equal("vendor=x", context.TraceState);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")]
    [InlineData("garbage")]
    public void TryExtract_MalformedTraceparent_IsIgnored(string traceparent)
    {
        Assert.False(TraceHeaders.TryExtract(Headers(("traceparent", traceparent)), out _));
    }

    [Fact]
    public void TryExtract_B3Multi_With64BitTraceId_PadsTo128()
    {
        Assert.True(TraceHeaders.TryExtract(Headers(("x-b3-traceid", "a3ce929d0e0e4736"), ("x-b3-spanid", SpanId), ("x-b3-sampled", "1")), out var context));
        Assert.Equal("0000000000000000a3ce929d0e0e4736", context.TraceId.ToHexString());
        Assert.True(context.Sampled);
        Assert.Equal(TraceHeaderStyle.B3Multi, context.Style);
    }

    [Fact]
    public void TryExtract_B3Single_AndDecisionOnly()
    {
        Assert.True(TraceHeaders.TryExtract(Headers(("b3", $"{TraceId}-{SpanId}-1-05e3ac9a4f6e3b90")), out var context));
        Assert.Equal(TraceId, context.TraceId.ToHexString());
        Assert.True(context.Sampled);
        Assert.Equal(TraceHeaderStyle.B3Single, context.Style);

        Assert.True(TraceHeaders.TryExtract(Headers(("b3", "0")), out var decision));
        Assert.False(decision.HasIds);
        Assert.False(decision.Sampled);
        Assert.True(TraceHeaders.TryExtract(Headers(("x-b3-flags", "1")), out var debug));
        Assert.True(debug.Sampled);
    }

    [Fact]
    public void TryExtract_W3CWinsOverB3()
    {
        Assert.True(TraceHeaders.TryExtract(Headers(("traceparent", $"00-{TraceId}-{SpanId}-00"), ("x-b3-traceid", "a3ce929d0e0e4736"), ("x-b3-spanid", SpanId), ("x-b3-sampled", "1")), out var context));
        Assert.Equal(TraceHeaderStyle.W3C, context.Style);
        Assert.False(context.Sampled);
    }

    [Fact]
    public void Inject_WritesW3CAndTheIncomingB3Style()
    {
        var span = ActivitySpanId.CreateFromString("1111111111111111");
        var headers = Headers(("x-b3-parentspanid", "2222222222222222"));
        TraceHeaders.Inject(headers, new TraceContext(ActivityTraceId.CreateFromString(TraceId), span, true, TraceHeaderStyle.B3Multi, "k=v"));
        Assert.Equal($"00-{TraceId}-1111111111111111-01", headers["traceparent"]);
        Assert.Equal("k=v", headers["tracestate"]);
        Assert.Equal(TraceId, headers["x-b3-traceid"]);
        Assert.Equal("1111111111111111", headers["x-b3-spanid"]);
        Assert.Equal("1", headers["x-b3-sampled"]);
        Assert.False(headers.ContainsKey("x-b3-parentspanid"));

        var single = new HeaderDictionary();
        TraceHeaders.Inject(single, new TraceContext(ActivityTraceId.CreateFromString(TraceId), span, false, TraceHeaderStyle.B3Single));
        Assert.Equal($"{TraceId}-1111111111111111-0", single["b3"]);
        Assert.Equal($"00-{TraceId}-1111111111111111-00", single["traceparent"]);
    }
}
