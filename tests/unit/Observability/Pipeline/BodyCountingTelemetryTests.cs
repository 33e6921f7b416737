using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

/// <summary>Body sizes: counted into the request as the bodies move, or taken from the declared lengths when never read.</summary>
public sealed class BodyCountingTelemetryTests : TelemetryPipelineHarness
{
    [Fact]
    public async Task BodyCounting_ChunkedRequestRead_ResponseByStreamAndPipe_CountedIntoTheRequestBeforeAnyRecorder()
    {
        // Issue 13: the counter adds the bytes to ProxyRequest as they move, so even a recorder that runs before
        // telemetry's (Mixer's report) sees them; the edge's size histograms get the same figures.
        var provider = BuildProvider(
            Sidecar(),
            services => services.AddProxyStep<BodyEchoProbe>(PipelineStage.Forward, ProxyListeners.All),
            first: services => services.AddRequestRecorder<BodySizeProbe>(ProxyListeners.All));
        var context = Context();
        var requestBody = new MemoryStream(new byte[3_000]); // no Content-Length: counted as read
        var responseBody = (MemoryStream)context.Response.Body;
        context.Request.Body = requestBody;

        await provider.GetRequiredService<ProxyPipelines>().SidecarInbound.RunAsync(context);

        Assert.Equal((3_000L, 12L), provider.GetRequiredService<BodySizeProbe>().Seen);
        var stats = Assert.Single(provider.GetRequiredService<IstioMetricsRecorder>().Edges).Value;
        Assert.Equal(3_000, stats.RequestSize!.AddTo(new long[stats.RequestSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(12, stats.ResponseSize!.AddTo(new long[stats.ResponseSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(12, responseBody.Length);
        Assert.Same(requestBody, context.Request.Body); // the request's own bodies are back after the recorders
        Assert.Same(responseBody, context.Response.Body);
    }

    [Fact]
    public async Task BodyCounting_DeclaredBodiesNeverRead_DeclaredLengthsRecorded()
    {
        var provider = BuildProvider(Sidecar(), services => services.AddProxyStep<AnswerProbe>(PipelineStage.Forward, ProxyListeners.All));
        var context = Context();
        context.Request.Method = "POST";
        context.Request.ContentLength = 50;
        context.Request.Body = new MemoryStream(new byte[50]);

        await provider.GetRequiredService<ProxyPipelines>().SidecarInbound.RunAsync(context);

        var stats = Assert.Single(provider.GetRequiredService<IstioMetricsRecorder>().Edges).Value;
        Assert.Equal(50, stats.RequestSize!.AddTo(new long[stats.RequestSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(0, stats.ResponseSize!.AddTo(new long[stats.ResponseSize.Bounds.ScaledBounds.Length + 1]));
    }

    [Fact]
    public async Task BodyCounting_RequestThatCannotHaveABody_ItsBodyStreamNeverSwappedResponseStillCounted()
    {
        // Issue 13 (cost): a request the server says can have no body (Kestrel: a GET without Content-Length or chunked
        // framing) keeps its own body stream, so nothing is swapped in or restored for it; it counts 0 either way.
        var provider = BuildProvider(
            Sidecar(),
            services => services.AddProxyStep<BodyEchoProbe>(PipelineStage.Forward, ProxyListeners.All),
            first: services => services.AddRequestRecorder<BodySizeProbe>(ProxyListeners.All));
        var context = Context();
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new NoBody());
        var requestBody = new MemoryStream();
        context.Request.Body = requestBody;
        var probe = provider.GetRequiredService<BodySizeProbe>();

        await provider.GetRequiredService<ProxyPipelines>().SidecarInbound.RunAsync(context);

        Assert.Same(requestBody, probe.SeenBody); // the steps read the request's own stream
        Assert.Equal((0L, 12L), probe.Seen);
        var stats = Assert.Single(provider.GetRequiredService<IstioMetricsRecorder>().Edges).Value;
        Assert.Equal(0, stats.RequestSize!.AddTo(new long[stats.RequestSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Equal(12, stats.ResponseSize!.AddTo(new long[stats.ResponseSize.Bounds.ScaledBounds.Length + 1]));
        Assert.Same(requestBody, context.Request.Body);
    }

    /// <summary>What Kestrel says of a GET without Content-Length or chunked framing.</summary>
    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => false;
    }

    /// <summary>Reads the whole request body, then answers 5 bytes through the response stream and 7 through its pipe writer.</summary>
    private sealed class BodyEchoProbe : IProxyStep
    {
        public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            var buffer = new byte[1_024];
            while (await request.Http.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            request.Http.Response.StatusCode = 200;
            await request.Http.Response.Body.WriteAsync(new byte[5]);
            await request.Http.Response.BodyWriter.WriteAsync(new byte[7]);
            return StepResult.Stop;
        }
    }

    /// <summary>A recorder registered before telemetry's: the body sizes it sees.</summary>
    private sealed class BodySizeProbe : IRequestRecorder
    {
        public (long Request, long Response) Seen { get; private set; }

        /// <summary>The request body stream the steps read (the counter's while it counts).</summary>
        public Stream? SeenBody { get; private set; }

        public void Record(ProxyRequest request)
        {
            Seen = (request.RequestBodyBytes, request.ResponseBodyBytes);
            SeenBody = request.Http.Request.Body;
        }
    }
}
