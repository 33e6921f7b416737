using GatewayMesh.Proxy.Security.Transport;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>Prepare, on the ingress: removes <c>x-forwarded-client-cert</c>, so traffic from outside never speaks for a mesh identity.</summary>
public sealed class StripClientCertStep : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        ForwardedClientCert.Strip(request.Http.Request);
        return new(StepResult.Continue);
    }
}
