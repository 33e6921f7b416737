using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

// Probe steps standing in for routing and forwarding in the telemetry pipeline tests (TelemetryPipelineHarness).

internal sealed class AnswerProbe : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.Http.Response.StatusCode = 200;
        return new(StepResult.Stop);
    }
}

internal sealed class PickRatingsProbe : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.Destination = new WeightedDestination(new ClusterKey("ratings.default.svc.cluster.local", null, 9080), 100, default!);
        request.ClusterName = request.Destination.Cluster.ToString();
        request.Endpoint = TelemetryPipelineHarness.RatingsEndpoint;
        return new(StepResult.Continue);
    }
}

/// <summary>Stands in for a forward whose first attempt failed and whose retry was answered by another endpoint.</summary>
internal sealed class RetryToRatingsV2Probe : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        request.Attempts = 2;
        request.Retries = 1;
        request.Endpoint = TelemetryPipelineHarness.RatingsV2Endpoint;
        request.Http.Response.StatusCode = 200;
        return new(StepResult.Stop);
    }
}

internal sealed class FailProbe(ResponseFlags flags, int code) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request) =>
        LocalReply.SendAsync(request, code, "failed", flags, "test_failure");
}

internal sealed class AbortProbe : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request) => throw new OperationCanceledException(request.Http.RequestAborted);
}
