using System.Diagnostics;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Tracing;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Starts this hop's span and passes the trace on, on every listener, when tracing is configured. The incoming context is
/// W3C <c>traceparent</c>, else B3 (single or multi): the span joins that trace as the caller's child and honours its
/// sampling decision; a request without one gets a decision here from the side's sampling percentage (Telemetry
/// <c>randomSamplingPercentage</c>, else mesh config, 1 %). The next hop (upstream or, inbound, the app, which forwards
/// the headers as Istio asks apps to) gets <c>traceparent</c> naming this span, and the B3 headers in the style that
/// came in (multi when none did, so apps forwarding <c>x-b3-*</c> keep the trace). An unsampled request keeps its headers;
/// without any it gets a <c>traceparent</c> with the no-sample flag, so later hops honour this decision. With
/// <see cref="TelemetryDefaults.TrustClientSampling"/> off, the ingress ignores an outside client's decision: it keeps
/// the client's trace and decides itself, and the headers it passes on carry its decision.
/// Spans are named as Istio's (<c>host:port/path</c>): client spans at the ingress and outbound, server spans inbound.
/// </summary>
public sealed class TracingStep(ProxyTracer tracer, TelemetryDefaults defaults) : IProxyStep
{
    /// <summary>Right after the peer metadata step, before the sidecar outbound's passthrough forwards at Prepare.</summary>
    public const PipelineStage Stage = PipelineStage.Prepare - 5;

    private const int MaxNameLength = 256;
    private readonly TelemetryPolicy _defaultPolicy = TelemetryPolicy.FromDefaults(defaults);

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        if (!tracer.Enabled)
        {
            return new(StepResult.Continue);
        }

        var headers = request.Http.Request.Headers;
        var side = (request.Config.Feature<TelemetryPolicy>() ?? _defaultPolicy).For(request.Reporter);
        var decided = TraceHeaders.TryExtract(headers, out var incoming);
        var overruled = decided && !defaults.TrustClientSampling && request.Listener == ProxyListener.Ingress;
        if (overruled)
        {
            headers.Remove(TraceHeaders.B3Flags); // B3's debug flag would force sampling downstream
        }

        var sampled = decided && !overruled ? incoming.Sampled : Random.Shared.NextDouble() * 100 < side.SamplingPercentage;

        // No activity may be current while the request is forwarded: .NET's HTTP handler would start a child of it and
        // write that child's id as the upstream's traceparent, over the headers written here (and ASP.NET Core's own
        // request activity is no span of the mesh). Cleared only when set: each change of it costs an allocation.
        if (Activity.Current is not null)
        {
            Activity.Current = null;
        }

        var style = incoming.Style == TraceHeaderStyle.B3Single ? TraceHeaderStyle.B3Single : TraceHeaderStyle.B3Multi;
        if (sampled && !side.DisableSpanReporting
            && tracer.Start(Name(request), request.Reporter == Reporter.Destination ? ActivityKind.Server : ActivityKind.Client,
                incoming.HasIds ? incoming.ToActivityContext() : default, request.StartTime) is { } span)
        {
            request.Span = span;
            Activity.Current = null; // started spans become current; the recorder ends it by reference
            TraceHeaders.Inject(headers, new TraceContext(span.TraceId, span.SpanId, Sampled: true, style, incoming.TraceState), incoming.SpanId);
        }
        else if (overruled && incoming.HasIds)
        {
            // The client's trace goes on, with this proxy's "not sampled" in every header the next hop reads.
            TraceHeaders.Inject(headers, new TraceContext(incoming.TraceId, incoming.SpanId, Sampled: false, style, incoming.TraceState));
        }
        else if (!incoming.HasIds)
        {
            // Nobody upstream decided: pass this decision on. Unsampled (the common case at 1 %) costs one string:
            // traceparent with the not-sampled flag, and B3's decision-only form for apps that forward only B3.
            TraceHeaders.InjectDecision(headers, ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), sampled, style);
        }

        return new(StepResult.Continue);
    }

    /// <summary>Istio's operation name: the authority and the path (no query), cut to a bounded length.</summary>
    private static string Name(ProxyRequest request)
    {
        var http = request.Http.Request;
        var name = string.Concat(http.Host.Value, http.PathBase.Value, http.Path.Value);
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength];
    }
}
