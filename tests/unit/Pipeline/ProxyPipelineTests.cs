using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.Pipeline;

/// <summary>The pipeline engine: step order per listener, stopping, the record step, the pooled request context.</summary>
public sealed class ProxyPipelineTests : IAsyncDisposable
{
    private readonly InMemoryMeshState _mesh = new();
    private readonly SnapshotWatcher _watcher;
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _trace = [];

    public ProxyPipelineTests()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
    }

    public async ValueTask DisposeAsync() => await _watcher.DisposeAsync();

    [Fact]
    public async Task RunAsync_StepsOfSeveralStages_RunInStageThenRegistrationOrder()
    {
        var pipelines = Build(services =>
        {
            services.AddProxyStep<ForwardProbe>(PipelineStage.Forward, ProxyListeners.Ingress);
            services.AddProxyStep<MatchProbe>(PipelineStage.Match, ProxyListeners.Ingress);
            services.AddProxyStep<SecondMatchProbe>(PipelineStage.Match, ProxyListeners.All);
            services.AddProxyStep<InboundProbe>(PipelineStage.Prepare, ProxyListeners.SidecarInbound);
        });

        await pipelines.Ingress.RunAsync(new DefaultHttpContext());

        Assert.Equal(["match", "match-2", "forward"], _trace);
        Assert.Equal(["inbound", "match-2"], pipelines.SidecarInbound.Steps.Select(s => ((Probe)s).Name));
    }

    [Fact]
    public async Task RunAsync_StepStops_LaterStepsSkippedAndRecordersRunWithFlags()
    {
        var recorder = new CapturingRecorder();
        var pipelines = Build(services =>
        {
            services.AddProxyStep<DenyingProbe>(PipelineStage.Policy, ProxyListeners.Ingress);
            services.AddProxyStep<ForwardProbe>(PipelineStage.Forward, ProxyListeners.Ingress);
            services.AddSingleton(recorder);
            services.AddRequestRecorder<CapturingRecorder>(ProxyListeners.Ingress);
        });
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await pipelines.Ingress.RunAsync(context);

        Assert.Equal(["deny"], _trace);
        Assert.Equal(429, context.Response.StatusCode);
        var seen = Assert.Single(recorder.Seen);
        Assert.Equal(ResponseFlags.RateLimited, seen.Flags);
        Assert.Equal("RL", ResponseFlagsFormat.ToEnvoyString(seen.Flags));
        Assert.Equal(ProxyListener.Ingress, seen.Listener);
        Assert.Equal(Reporter.Source, seen.Reporter);
        Assert.Null(context.GetProxyRequest()); // the pooled context is detached once the request ends
    }

    [Fact]
    public async Task LocalReplySendAsync_HeadersSetBefore_AreKeptWithStatusAndBody()
    {
        var pipelines = Build(services => services.AddProxyStep<ChallengingProbe>(PipelineStage.Authenticate, ProxyListeners.Ingress));
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        await pipelines.Ingress.RunAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("7", context.Response.Headers["X-RateLimit-Remaining"].ToString());
        Assert.Equal("text/plain; charset=utf-8", context.Response.ContentType);
        Assert.Equal("Jwt is expired\n", System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task RunAsync_StepThrows_Answers500AndStillRecords()
    {
        var recorder = new CapturingRecorder();
        var pipelines = Build(services =>
        {
            services.AddProxyStep<ThrowingProbe>(PipelineStage.Match, ProxyListeners.SidecarOutbound);
            services.AddSingleton(recorder);
            services.AddRequestRecorder<CapturingRecorder>(ProxyListeners.Sidecar);
        });
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await pipelines.SidecarOutbound.RunAsync(context, "dapr-http");

        Assert.Equal(500, context.Response.StatusCode);
        var seen = Assert.Single(recorder.Seen);
        Assert.Equal("dapr-http", seen.FrontDoor);
    }

    [Fact]
    public async Task RunAsync_Timings_FromTheInjectedTimeProvider()
    {
        var recorder = new CapturingRecorder(_time);
        var pipelines = Build(services =>
        {
            services.AddProxyStep<SlowProbe>(PipelineStage.Forward, ProxyListeners.Ingress);
            services.AddSingleton(recorder);
            services.AddRequestRecorder<CapturingRecorder>(ProxyListeners.Ingress);
        });

        await pipelines.Ingress.RunAsync(new DefaultHttpContext());

        Assert.Equal(TimeSpan.FromMilliseconds(250), Assert.Single(recorder.Seen).Duration);
    }

    [Fact]
    public void ResponseFlags_NoneAndCombinations_InEnvoysShortForm()
    {
        Assert.Equal("-", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.None));
        Assert.Equal("UH", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.NoHealthyUpstream));
        Assert.Equal("UF,URX", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.UpstreamConnectionFailure | ResponseFlags.UpstreamRetryLimitExceeded));
        Assert.Equal("DI,FI", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.DelayInjected | ResponseFlags.FaultInjected));
        Assert.Equal("-", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.RbacAccessDenied)); // no short code in Envoy
        Assert.Equal("UH", ResponseFlagsFormat.ToEnvoyString(ResponseFlags.RbacAccessDenied | ResponseFlags.NoHealthyUpstream));
    }

    private ProxyPipelines Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_trace);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(new ProxyState(ProxyIdentity.Ingress(new ValueMap<string, string>([KeyValuePair.Create("istio", "ingressgateway")])), _watcher, new ClusterState()));
        services.AddSingleton<ProxyPipelines>();
        configure(services);
        return services.BuildServiceProvider().GetRequiredService<ProxyPipelines>();
    }

    private abstract class Probe(List<string> trace, string name) : IProxyStep
    {
        public string Name => name;

        public virtual ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            trace.Add(name);
            return new(StepResult.Continue);
        }
    }

    private sealed class MatchProbe(List<string> trace) : Probe(trace, "match");

    private sealed class SecondMatchProbe(List<string> trace) : Probe(trace, "match-2");

    private sealed class ForwardProbe(List<string> trace) : Probe(trace, "forward");

    private sealed class InboundProbe(List<string> trace) : Probe(trace, "inbound");

    private sealed class DenyingProbe(List<string> trace) : Probe(trace, "deny")
    {
        public override async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            await base.InvokeAsync(request);
            return await LocalReply.SendAsync(request, 429, "rate limited", ResponseFlags.RateLimited, "local_rate_limited");
        }
    }

    private sealed class ChallengingProbe(List<string> trace) : Probe(trace, "challenge")
    {
        public override async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            await base.InvokeAsync(request);
            request.Http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            request.Http.Response.Headers["X-RateLimit-Remaining"] = "7";
            return await LocalReply.SendAsync(request, 401, "Jwt is expired");
        }
    }

    private sealed class ThrowingProbe(List<string> trace) : Probe(trace, "throw")
    {
        public override ValueTask<StepResult> InvokeAsync(ProxyRequest request) => throw new InvalidOperationException("boom");
    }

    private sealed class SlowProbe(List<string> trace, TimeProvider time) : Probe(trace, "slow")
    {
        public override ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            ((FakeTimeProvider)time).Advance(TimeSpan.FromMilliseconds(250));
            return new(StepResult.Stop);
        }
    }

    /// <summary>Copies what a record step reads (the context itself is pooled and reset after the recorders).</summary>
    private sealed class CapturingRecorder(TimeProvider? time = null) : IRequestRecorder
    {
        public List<(ProxyListener Listener, Reporter Reporter, string? FrontDoor, ResponseFlags Flags, TimeSpan Duration)> Seen { get; } = [];

        public void Record(ProxyRequest request) =>
            Seen.Add((request.Listener, request.Reporter, request.FrontDoor, request.Flags,
                (time ?? TimeProvider.System).GetElapsedTime(request.StartTimestamp, request.EndTimestamp)));
    }
}
