using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Tracing;
using Microsoft.Extensions.ObjectPool;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// The body sizes of <c>istio_request_bytes</c>/<c>istio_response_bytes</c>, the access log's <c>%BYTES_RECEIVED%</c>/
/// <c>%BYTES_SENT%</c> and the span's sizes, counted as the bodies move rather than read from <c>Content-Length</c>
/// (a chunked body declares none). As a step (first of every listener, before the outbound passthrough forwards) it
/// puts a pooled <see cref="BodyCounter"/> in front of the request's bodies, which adds the bytes to
/// <see cref="ProxyRequest.RequestBodyBytes"/>/<see cref="ProxyRequest.ResponseBodyBytes"/> as they move, so every
/// recorder reads them there. <see cref="BodyCounterRelease"/>, the last telemetry recorder, puts the request's own body
/// stream and feature back and returns the counter: nothing allocated per request.
/// </summary>
public sealed class BodyCountingStep(TelemetryDefaults defaults, ProxyTracer tracer) : IProxyStep
{
    /// <summary>Before the peer metadata step and the outbound passthrough (which forwards at Prepare).</summary>
    public const PipelineStage Stage = PipelineStage.Prepare - 20;

    private readonly ObjectPool<BodyCounter> _counters = new DefaultObjectPool<BodyCounter>(new DefaultPooledObjectPolicy<BodyCounter>(), 1024);
    private readonly TelemetryPolicy _defaultPolicy = TelemetryPolicy.FromDefaults(defaults);

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        if (!Counts(request))
        {
            return new(StepResult.Continue);
        }

        var counter = _counters.Get();
        if (!counter.Bind(request))
        {
            _counters.Return(counter);
        }

        return new(StepResult.Continue);
    }

    /// <summary>Puts the request's own bodies back and returns the counter (<see cref="BodyCounterRelease"/>).</summary>
    internal void Release(ProxyRequest request)
    {
        if (BodyCounter.BoundTo(request.Http) is { } counter)
        {
            counter.Unbind();
            _counters.Return(counter);
        }
    }

    /// <summary>
    /// Whether the request's bodies are counted: not when nothing reads the sizes (the size histograms off, no access
    /// log, no spans).
    /// </summary>
    private bool Counts(ProxyRequest request)
    {
        var side = (request.Config.Feature<TelemetryPolicy>() ?? _defaultPolicy).For(request.Reporter);
        return (side.Metrics & (StandardMetrics.RequestSize | StandardMetrics.ResponseSize)) != 0 || side.AccessLog || tracer.Enabled;
    }
}
