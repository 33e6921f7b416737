using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

/// <summary>
/// Spans and trace propagation through real pipelines with the steps <c>AddMeshTelemetry</c> registers, exported by
/// the OpenTelemetry OTLP exporter to a real HTTP receiver that decodes what it gets: the span joins the caller's
/// trace (W3C or B3) as its child, the next hop gets this span as parent in every header style, the first hop's
/// sampling decision is honoured by the next, and Istio's span name, kind, service and attributes.
/// </summary>
public sealed class TracingPipelineTests : IAsyncLifetime
{
    private const string TraceId = "463ac35c9f6413ad48485a3953bb6124";
    private const string CallerSpanId = "a2fb4a1d1a96d312";

    private readonly InMemoryMeshState _mesh = new();
    private readonly List<ServiceProvider> _providers = [];
    private SnapshotWatcher _watcher = null!;
    private OtlpTestReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
        _receiver = await OtlpTestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _receiver.DisposeAsync();
        await _watcher.DisposeAsync();
    }

    [Fact]
    public async Task Ingress_B3Input_ClientSpanJoinsTheTrace_UpstreamGetsItAsParent()
    {
        var (pipelines, tracer, upstream) = Build(ProxyIdentity.Ingress(Labels(("istio", "ingressgateway"))), sampling: 0);
        var context = Context("bookinfo.example.com", "/productpage");
        context.Request.Headers["x-b3-traceid"] = TraceId;
        context.Request.Headers["x-b3-spanid"] = CallerSpanId;
        context.Request.Headers["x-b3-sampled"] = "1"; // the caller decided: honoured though this proxy samples 0 %

        await pipelines.Ingress.RunAsync(context);
        Assert.True(tracer.Flush());

        var span = Assert.Single(await _receiver.WaitForTraceAsync(TraceId));
        Assert.Equal(CallerSpanId, span.ParentSpanId);
        Assert.Equal("CLIENT", span.Kind);
        Assert.Equal("bookinfo.example.com/productpage", span.Name);
        Assert.Equal("istio-ingressgateway.istio-system", span.Service);
        Assert.Equal("200", span.Attributes["http.status_code"]);
        Assert.Equal("istio-system", span.Attributes["istio.namespace"]);
        Assert.Equal("istio-ingressgateway", span.Attributes["istio.canonical_service"]);
        Assert.Equal("GET", span.Attributes["http.method"]);
        Assert.StartsWith("router~", span.Attributes["node_id"], StringComparison.Ordinal);
        Assert.Equal($"00-{TraceId}-{span.SpanId}-01", upstream.Seen["traceparent"]);
        Assert.Equal(TraceId, upstream.Seen["x-b3-traceid"]);
        Assert.Equal(span.SpanId, upstream.Seen["x-b3-spanid"]);
        Assert.Equal(CallerSpanId, upstream.Seen["x-b3-parentspanid"]);
        Assert.Equal("1", upstream.Seen["x-b3-sampled"]);
    }

    [Fact]
    public async Task Inbound_W3cSampledCaller_ServerSpanIsItsChild_AppGetsTheNewParent()
    {
        var (pipelines, tracer, app) = Build(Sidecar(), sampling: 0);
        var context = Context("reviews:9080", "/reviews/0");
        context.Request.Headers["traceparent"] = $"00-{TraceId}-{CallerSpanId}-01";
        context.Request.Headers["tracestate"] = "vendor=kept";

        await pipelines.SidecarInbound.RunAsync(context);
        Assert.True(tracer.Flush());

        var span = Assert.Single(await _receiver.WaitForTraceAsync(TraceId));
        Assert.Equal(CallerSpanId, span.ParentSpanId);
        Assert.Equal("SERVER", span.Kind);
        Assert.Equal("reviews:9080/reviews/0", span.Name);
        Assert.Equal("reviews.default", span.Service);
        Assert.Equal($"00-{TraceId}-{span.SpanId}-01", app.Seen["traceparent"]);
        Assert.Equal("vendor=kept", app.Seen["tracestate"]);
        Assert.Equal(span.SpanId, app.Seen["x-b3-spanid"]); // apps that forward only x-b3-* keep the trace too
    }

    [Fact]
    public async Task FirstHopDoesNotSample_NoSpan_AndTheNextHopHonoursIt()
    {
        var (ingress, ingressTracer, upstream) = Build(ProxyIdentity.Ingress(Labels(("istio", "ingressgateway"))), sampling: 0);
        await ingress.Ingress.RunAsync(Context("bookinfo.example.com", "/productpage"));
        var traceparent = upstream.Seen["traceparent"];
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-00$", traceparent); // a decision the next hops can honour

        var (sidecar, sidecarTracer, app) = Build(Sidecar(), sampling: 100);
        var next = Context("productpage:9080", "/productpage");
        next.Request.Headers["traceparent"] = traceparent;
        await sidecar.SidecarInbound.RunAsync(next);
        Assert.Equal(traceparent, app.Seen["traceparent"]); // passed on unchanged

        // Each exporter sends in order: once a later, sampled span of each proxy has arrived, an earlier one would have too.
        await ingress.Ingress.RunAsync(SampledByTheCaller(Context("bookinfo.example.com", "/marker"), "11111111111111111111111111111111"));
        await sidecar.SidecarInbound.RunAsync(SampledByTheCaller(Context("productpage:9080", "/marker"), "22222222222222222222222222222222"));
        Assert.True(ingressTracer.Flush());
        Assert.True(sidecarTracer.Flush());
        await _receiver.WaitForTraceAsync("11111111111111111111111111111111");
        await _receiver.WaitForTraceAsync("22222222222222222222222222222222");
        Assert.Empty(_receiver.Trace(traceparent[3..35]));
    }

    [Fact]
    public async Task NoContext_Sampled_RootSpanWithANewTrace()
    {
        var (pipelines, tracer, upstream) = Build(Sidecar(), sampling: 100);

        await pipelines.SidecarOutbound.RunAsync(Context("ratings:9080", "/ratings/0"));
        Assert.True(tracer.Flush());

        var traceparent = upstream.Seen["traceparent"];
        var span = Assert.Single(await _receiver.WaitForTraceAsync(traceparent[3..35]));
        Assert.Null(span.ParentSpanId);
        Assert.Equal("CLIENT", span.Kind);
        Assert.Equal($"00-{span.TraceId}-{span.SpanId}-01", traceparent);
    }

    [Fact]
    public async Task Ingress_ClientSamplingNotTrusted_ClientsSampledAndDebugFlagsOverruled_TraceGoesOnUnsampled()
    {
        var (pipelines, _, upstream) = Build(ProxyIdentity.Ingress(Labels(("istio", "ingressgateway"))), sampling: 0, trustClientSampling: false);
        var context = Context("bookinfo.example.com", "/productpage");
        context.Request.Headers["x-b3-traceid"] = TraceId;
        context.Request.Headers["x-b3-spanid"] = CallerSpanId;
        context.Request.Headers["x-b3-sampled"] = "1"; // an outside client asks for tracing...
        context.Request.Headers["x-b3-flags"] = "1"; // ...and forces it with B3's debug flag

        await pipelines.Ingress.RunAsync(context);

        Assert.Equal($"00-{TraceId}-{CallerSpanId}-00", upstream.Seen["traceparent"]); // the ingress's decision: not sampled
        Assert.Equal(TraceId, upstream.Seen["x-b3-traceid"]);
        Assert.Equal("0", upstream.Seen["x-b3-sampled"]);
        Assert.False(upstream.Seen.ContainsKey("x-b3-flags"));
    }

    [Fact]
    public async Task Ingress_ClientSamplingNotTrusted_ClientsUnsampledOverruledAt100Percent_SpanJoinsTheClientsTrace()
    {
        var (pipelines, tracer, upstream) = Build(ProxyIdentity.Ingress(Labels(("istio", "ingressgateway"))), sampling: 100, trustClientSampling: false);
        var context = Context("bookinfo.example.com", "/productpage");
        context.Request.Headers["traceparent"] = $"00-{TraceId}-{CallerSpanId}-00"; // the client says "not sampled"

        await pipelines.Ingress.RunAsync(context);
        Assert.True(tracer.Flush());

        var span = Assert.Single(await _receiver.WaitForTraceAsync(TraceId));
        Assert.Equal(CallerSpanId, span.ParentSpanId);
        Assert.Equal($"00-{TraceId}-{span.SpanId}-01", upstream.Seen["traceparent"]);
    }

    private (ProxyPipelines Pipelines, ProxyTracer Tracer, HeaderProbe Probe) Build(ProxyIdentity identity, double sampling, bool trustClientSampling = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ProxyState(identity, _watcher, new ClusterState()));
        services.AddSingleton<ProxyPipelines>();
        services.AddSingleton(new TelemetryDefaults { SamplingPercentage = sampling, TrustClientSampling = trustClientSampling });
        services.AddSingleton(new TracingOptions { Endpoint = _receiver.TracesEndpoint, Protocol = OtlpExportProtocol.HttpProtobuf });
        services.AddMeshTelemetry();
        var probe = new HeaderProbe();
        services.AddSingleton(probe);
        services.AddProxyStep<HeaderProbe>(PipelineStage.Forward, ProxyListeners.All);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return (provider.GetRequiredService<ProxyPipelines>(), provider.GetRequiredService<ProxyTracer>(), probe);
    }

    private static ProxyIdentity Sidecar() => ProxyIdentity.Sidecar("reviews", "default", Labels(("app", "reviews"), ("version", "v2")));

    private static DefaultHttpContext Context(string host, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Path = path;
        context.Request.Host = new HostString(host);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static DefaultHttpContext SampledByTheCaller(DefaultHttpContext context, string traceId)
    {
        context.Request.Headers["traceparent"] = $"00-{traceId}-{CallerSpanId}-01";
        return context;
    }

    private static ValueMap<string, string> Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    /// <summary>Stands in for the forward step: keeps the request headers the next hop would get and answers 200.</summary>
    private sealed class HeaderProbe : IProxyStep
    {
        public Dictionary<string, string> Seen { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            foreach (var (name, value) in request.Http.Request.Headers)
            {
                Seen[name] = value.ToString();
            }

            request.Http.Response.StatusCode = 200;
            return new(StepResult.Stop);
        }
    }
}
