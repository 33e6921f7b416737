using System.Diagnostics;
using GatewayMesh.Proxy.Telemetry.Peers;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GatewayMesh.Proxy.Telemetry.Tracing;

/// <summary>
/// This proxy's spans: the <see cref="ActivitySource"/> the tracing step starts them on, and the OpenTelemetry
/// <see cref="TracerProvider"/> that batches them and exports them over OTLP (off the request path). The sampling
/// decision is the tracing step's (Istio's: the first hop decides, later hops honour it), so the provider records
/// every span it is given. The resource's <c>service.name</c> is Istio's <c>&lt;canonical service&gt;.&lt;namespace&gt;</c>.
/// Disposing flushes what is buffered.
/// </summary>
public sealed class ProxyTracer : IDisposable
{
    public const string SourceName = "GatewayMesh.Proxy";

    private readonly ActivitySource _source = new(SourceName);
    private readonly TracerProvider? _provider;

    public ProxyTracer(TracingOptions options, MeshWorkloads workloads)
    {
        ServiceName = $"{workloads.Self.CanonicalService}.{workloads.Self.Namespace}";
        if (options.Endpoint is not { } endpoint)
        {
            return;
        }

        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(SourceName)
            .SetSampler(new AlwaysOnSampler())
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(ServiceName, serviceInstanceId: workloads.SelfMetadataId, autoGenerateServiceInstanceId: false))
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = options.Protocol;
            })
            .Build();
    }

    /// <summary>Spans are exported somewhere; otherwise the tracing step does nothing.</summary>
    public bool Enabled => _provider is not null;

    /// <summary>Istio's <c>service.name</c> of this proxy's spans.</summary>
    public string ServiceName { get; }

    /// <summary>A new span, or null when nothing listens (a provider of another proxy in this process stopped).</summary>
    public Activity? Start(string name, ActivityKind kind, in ActivityContext parent, DateTimeOffset start) =>
        _source.StartActivity(name, kind, parent, tags: null, links: null, startTime: start);

    /// <summary>Sends what is buffered now (tests, shutdown).</summary>
    public bool Flush(int timeoutMilliseconds = 5000) => _provider?.ForceFlush(timeoutMilliseconds) ?? true;

    public void Dispose()
    {
        _provider?.Dispose();
        _source.Dispose();
    }
}
