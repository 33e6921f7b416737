using GatewayMesh.Proxy.Forwarding;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>Prepare: gives the request an <c>x-request-id</c> when it arrived without one, so routing, logs, mirrors and the upstream see the same id.</summary>
public sealed class RequestIdStep : IProxyStep
{
    /// <summary>After the listener's own preparation (stage <see cref="PipelineStage.Prepare"/>), before matching.</summary>
    public const PipelineStage Stage = PipelineStage.Prepare + 50;

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        ForwardedHeaders.EnsureRequestId(request.Http.Request);
        return new(StepResult.Continue);
    }
}
