using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.Invocation;

/// <summary>
/// <c>APP_API_TOKEN</c> on the inbound path: when the sidecar has an app token, every request it forwards to its app
/// (service invocations among them) carries it as <c>dapr-api-token</c>, as daprd's app channel does; whatever a caller
/// sent in that header is replaced, so only this sidecar can present the token. Registered only when a token is set.
/// </summary>
internal sealed class AppApiTokenStep(DaprApiOptions options) : IProxyStep
{
    public const string Header = "dapr-api-token";

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.Http.Request.Headers[Header] = options.AppApiToken;
        return new(StepResult.Continue);
    }
}
