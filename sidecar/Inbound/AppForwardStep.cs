using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Forwarding;
using GatewayMesh.Sidecar.Hosting;
using Yarp.ReverseProxy.Forwarder;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// Forward, on the inbound listener: every request, headers kept, to the local app on 127.0.0.1:app-port with YARP's
/// <see cref="IHttpForwarder"/> over the proxy's one shared upstream client (no system proxy). The HTTP version to the
/// app follows <c>--app-protocol</c>, else the request's own (<see cref="UpstreamVersion"/>); WebSocket upgrades and
/// gRPC trailers pass through. The caller's verified identity reaches the app in <c>x-forwarded-client-cert</c>
/// (<see cref="ForwardedClientCert"/>); any such header a caller sent is removed. An app that is not listening answers
/// 503 "upstream connect error".
/// </summary>
internal sealed class AppForwardStep(
    IHttpForwarder forwarder,
    UpstreamClient client,
    SidecarOptions options,
    MeshForwardingOptions forwarding,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AppForwardStep> logger) : IProxyStep
{
    private readonly string _appPrefix = $"http://127.0.0.1:{options.AppPort}";
    private readonly UpstreamProtocol _appProtocol = options.ParseAppProtocol();
    private readonly UpstreamRequestConfigs _configs = new(new ForwarderRequestConfig { ActivityTimeout = forwarding.ActivityTimeout });
    private readonly SpiffeId? _identity = services.GetService<IWorkloadCertificateSource>()?.Identity;

    public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var context = request.Http;
        ForwardedClientCert.Apply(context, _identity);
        request.UpstreamStartTimestamp = time.GetTimestamp();
        request.Attempts = 1;
        var error = ForwarderErrors.Outcome(await forwarder.SendAsync(context, _appPrefix, client.Invoker, _configs.For(context, _appProtocol), KeepHostTransformer.Instance, context.RequestAborted), context);
        request.UpstreamEndTimestamp = time.GetTimestamp();
        request.UpstreamError = error;
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            Log.InboundFailed(logger, exception, options.AppPort, error.ToString());
            request.Flags |= ForwarderFlags.Of(error, exception);
            await LocalReplies.ForwardFailed(context, error, exception);
        }

        return StepResult.Stop;
    }
}
