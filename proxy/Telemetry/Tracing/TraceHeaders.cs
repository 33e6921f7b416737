using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Telemetry.Tracing;

/// <summary>
/// Reads and writes trace context headers: W3C <c>traceparent</c>/<c>tracestate</c> first, then B3 single
/// (<c>b3: {trace}-{span}-{sampled}-{parent}</c>, or just the decision) and B3 multi (<c>x-b3-traceid</c>,
/// <c>x-b3-spanid</c>, <c>x-b3-parentspanid</c>, <c>x-b3-sampled</c>, <c>x-b3-flags</c>). A malformed or oversized
/// value is ignored, never an error. Writing always sets <c>traceparent</c>, and the B3 style the request came in with.
/// </summary>
public static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string B3 = "b3";
    public const string B3TraceId = "x-b3-traceid";
    public const string B3SpanId = "x-b3-spanid";
    public const string B3ParentSpanId = "x-b3-parentspanid";
    public const string B3Sampled = "x-b3-sampled";
    public const string B3Flags = "x-b3-flags";
    public const int MaxValueLength = 512;

    /// <summary>The context the request carries, if any (a B3 decision without ids counts: <see cref="TraceContext.HasIds"/> is false).</summary>
    public static bool TryExtract(IHeaderDictionary headers, out TraceContext context)
    {
        if (TryParseTraceParent(headers[TraceParent], out var traceId, out var spanId, out var sampled))
        {
            var state = (string?)headers[TraceState];
            context = new TraceContext(traceId, spanId, sampled, TraceHeaderStyle.W3C, state is { Length: > 0 and <= MaxValueLength } ? state : null);
            return true;
        }

        if (TryParseB3Single(headers[B3], out context))
        {
            return true;
        }

        return TryParseB3Multi(headers, out context);
    }

    /// <summary>
    /// Sets the headers that carry <paramref name="context"/> to the next hop (its <see cref="TraceContext.SpanId"/> is the
    /// parent there); B3 multi also names <paramref name="parentSpanId"/>, this span's own parent, when there is one.
    /// </summary>
    public static void Inject(IHeaderDictionary headers, in TraceContext context, ActivitySpanId parentSpanId = default)
    {
        var traceId = context.TraceId.ToHexString();
        var spanId = context.SpanId.ToHexString();
        headers[TraceParent] = $"00-{traceId}-{spanId}-{(context.Sampled ? "01" : "00")}";
        if (context.TraceState is { } state)
        {
            headers[TraceState] = state;
        }

        switch (context.Style)
        {
            case TraceHeaderStyle.B3Single:
                headers[B3] = $"{traceId}-{spanId}-{(context.Sampled ? "1" : "0")}";
                break;
            case TraceHeaderStyle.B3Multi:
                headers[B3TraceId] = traceId;
                headers[B3SpanId] = spanId;
                headers[B3Sampled] = context.Sampled ? "1" : "0";
                if (parentSpanId != default)
                {
                    headers[B3ParentSpanId] = parentSpanId.ToHexString();
                }
                else
                {
                    headers.Remove(B3ParentSpanId);
                }
                break;
        }
    }

    /// <summary>
    /// A new trace's ids and this hop's decision when nothing came in: <c>traceparent</c>, and B3 as the bare decision
    /// (<c>x-b3-sampled</c>, or <c>b3: 0|1</c>); when sampled without a span (span reporting off), B3 carries the ids too.
    /// </summary>
    public static void InjectDecision(IHeaderDictionary headers, ActivityTraceId traceId, ActivitySpanId spanId, bool sampled, TraceHeaderStyle style)
    {
        if (sampled)
        {
            Inject(headers, new TraceContext(traceId, spanId, Sampled: true, style));
            return;
        }

        headers[TraceParent] = string.Create(55, (traceId, spanId), static (chars, ids) =>
        {
            Span<byte> bytes = stackalloc byte[16];
            "00-".CopyTo(chars);
            ids.traceId.CopyTo(bytes);
            Convert.TryToHexStringLower(bytes, chars[3..35], out _);
            chars[35] = '-';
            ids.spanId.CopyTo(bytes[..8]);
            Convert.TryToHexStringLower(bytes[..8], chars[36..52], out _);
            "-00".CopyTo(chars[52..]);
        });
        if (style == TraceHeaderStyle.B3Single)
        {
            headers[B3] = "0";
        }
        else
        {
            headers[B3Sampled] = "0";
        }
    }

    /// <summary>W3C <c>traceparent</c>: <c>00-{32 hex}-{16 hex}-{2 hex flags}</c>; all-zero ids and version ff are invalid.</summary>
    public static bool TryParseTraceParent(string? value, out ActivityTraceId traceId, out ActivitySpanId spanId, out bool sampled)
    {
        traceId = default;
        spanId = default;
        sampled = false;
        if (value is null || value.Length < 55 || value.Length > MaxValueLength || value[2] != '-' || value[35] != '-' || value[52] != '-'
            || (value.Length > 55 && value[55] != '-') || !IsHex(value.AsSpan(0, 2)) || value.StartsWith("ff", StringComparison.Ordinal)
            || (value.StartsWith("00", StringComparison.Ordinal) && value.Length != 55))
        {
            return false;
        }

        var trace = value.AsSpan(3, 32);
        var span = value.AsSpan(36, 16);
        var flags = value.AsSpan(53, 2);
        if (!IsLowerHex(trace) || !IsLowerHex(span) || !IsLowerHex(flags) || IsZero(trace) || IsZero(span))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(trace);
        spanId = ActivitySpanId.CreateFromString(span);
        sampled = (Convert.ToByte(flags.ToString(), 16) & 1) == 1;
        return true;
    }

    private static bool TryParseB3Single(string? value, out TraceContext context)
    {
        context = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxValueLength)
        {
            return false;
        }

        if (value.Length == 1)
        {
            return TryDecision(value, out var decision) && Set(out context, default, default, decision, TraceHeaderStyle.B3Single);
        }

        var parts = value.Split('-');
        if (parts.Length < 2 || !TryTraceId(parts[0], out var traceId) || !TrySpanId(parts[1], out var spanId))
        {
            return false;
        }

        var sampled = parts.Length >= 3 && TryDecision(parts[2], out var s) && s;
        return Set(out context, traceId, spanId, sampled, TraceHeaderStyle.B3Single);
    }

    private static bool TryParseB3Multi(IHeaderDictionary headers, out TraceContext context)
    {
        context = default;
        string? sampledText = headers[B3Sampled];
        var debug = (string?)headers[B3Flags] == "1";
        var hasDecision = TryDecision(sampledText, out var sampled) || debug;
        sampled |= debug;
        if (TryTraceId(headers[B3TraceId], out var traceId) && TrySpanId(headers[B3SpanId], out var spanId))
        {
            return Set(out context, traceId, spanId, sampled, TraceHeaderStyle.B3Multi);
        }

        return hasDecision && Set(out context, default, default, sampled, TraceHeaderStyle.B3Multi);
    }

    private static bool Set(out TraceContext context, ActivityTraceId traceId, ActivitySpanId spanId, bool sampled, TraceHeaderStyle style)
    {
        context = new TraceContext(traceId, spanId, sampled, style);
        return true;
    }

    private static bool TryDecision(string? value, out bool sampled)
    {
        sampled = value is "1" or "d" or "true";
        return value is "1" or "0" or "d" or "true" or "false";
    }

    /// <summary>B3 trace ids are 16 or 32 hex characters; a 64-bit id is left-padded with zeros to 128 bits.</summary>
    private static bool TryTraceId(string? value, out ActivityTraceId traceId)
    {
        traceId = default;
        if (value is null || (value.Length != 16 && value.Length != 32) || !IsHex(value) || IsZero(value))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(value.Length == 32 ? value.ToLowerInvariant() : "0000000000000000" + value.ToLowerInvariant());
        return true;
    }

    private static bool TrySpanId(string? value, out ActivitySpanId spanId)
    {
        spanId = default;
        if (value is null || value.Length != 16 || !IsHex(value) || IsZero(value))
        {
            return false;
        }

        spanId = ActivitySpanId.CreateFromString(value.ToLowerInvariant());
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c) && !char.IsAsciiHexDigitUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>W3C trace context allows lowercase hex only.</summary>
    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsZero(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c != '0')
            {
                return false;
            }
        }

        return true;
    }
}
