using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>Forward (before the request itself): starts the fire-and-forget copies the route mirrors to (<see cref="MirrorSender"/>).</summary>
public sealed class MirrorStep(MirrorSender mirrors) : IProxyStep
{
    /// <summary>Just before <see cref="ForwardStep"/>.</summary>
    public const PipelineStage Stage = PipelineStage.Forward - 10;

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        if (request.Match is { Action: ForwardAction { Mirrors.IsEmpty: false } forward })
        {
            var http = request.Http.Request;
            mirrors.Mirror(request.Http, forward.Mirrors, request.Config.Upstreams, request.RewrittenPath ?? http.Path.Value ?? "/");
        }

        return new(StepResult.Continue);
    }
}
