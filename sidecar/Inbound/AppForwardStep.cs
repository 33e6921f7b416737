using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Capture;
using GatewayMesh.Sidecar.Forwarding;
using GatewayMesh.Sidecar.Settings;
using Yarp.ReverseProxy.Forwarder;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// Forward, on the inbound listener: every request, headers kept, to the local app with YARP's
/// <see cref="IHttpForwarder"/> over the proxy's one shared upstream client (no system proxy): on 127.0.0.1:app-port,
/// or where the workload's Istio Sidecar ingress listener's <c>defaultEndpoint</c> says (<see cref="InboundTarget"/>; a
/// unix domain socket through <see cref="UnixSocketClients"/>). The HTTP version to the
/// app follows <c>--app-protocol</c>, else the request's own (<see cref="UpstreamVersion"/>); WebSocket upgrades and
/// gRPC trailers pass through. The caller's verified identity reaches the app in <c>x-forwarded-client-cert</c>
/// (<see cref="ForwardedClientCert"/>); any such header a caller sent is removed. An app that is not listening answers
/// 503 "upstream connect error". Under <c>--capture iptables</c> a connection redirected from another port than the app
/// port goes to 127.0.0.1:&lt;that port&gt; (its <see cref="OriginalDestination"/>, read once when it was accepted), so
/// an app serving several ports gets each one's traffic.
/// </summary>
internal sealed class AppForwardStep(
    IHttpForwarder forwarder,
    UpstreamClient client,
    UnixSocketClients sockets,
    InboundTargetCompiler targets,
    SidecarOptions options,
    MeshForwardingOptions forwarding,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AppForwardStep> logger) : IProxyStep
{
    private readonly InboundTarget _default = targets.Default;
    private readonly UpstreamProtocol _appProtocol = options.ParseAppProtocol();
    private readonly UpstreamRequestConfigs _configs = new(new ForwarderRequestConfig { ActivityTimeout = forwarding.ActivityTimeout });
    private readonly SpiffeId? _identity = services.GetService<IWorkloadCertificateSource>()?.Identity;
    private readonly bool _capture = options.CapturesIptables;

    public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var context = request.Http;
        ForwardedClientCert.Apply(context, _identity);
        request.UpstreamStartTimestamp = time.GetTimestamp();
        request.Attempts = 1;
        var target = request.Config.Feature<InboundTarget>() ?? _default;
        var original = _capture ? context.Features.Get<OriginalDestination>() : null;
        var prefix = target.Prefix;
        var invoker = target.UnixSocket is { } path ? sockets.For(path) : client.Invoker;
        if (original is not null && original.Address.Port != options.AppPort)
        {
            prefix = original.LoopbackPrefix; // another port of the app than the workload port
            invoker = client.Invoker;
        }

        var error = ForwarderErrors.Outcome(await forwarder.SendAsync(context, prefix, invoker, _configs.For(context, _appProtocol), KeepHostTransformer.Instance, context.RequestAborted), context);
        request.UpstreamEndTimestamp = time.GetTimestamp();
        request.UpstreamError = error;
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            Log.InboundFailed(logger, exception, ReferenceEquals(prefix, target.Prefix) ? target.ToString() : prefix, error.ToString());
            request.Flags |= ForwarderFlags.Of(error, exception);
            await LocalReplies.ForwardFailed(context, error, exception);
        }

        return StepResult.Stop;
    }
}
