namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// One step of a listener's request pipeline. Steps are singletons and run in <see cref="PipelineStage"/> order; each
/// reads the request's <see cref="ProxyRequest"/> and the compiled config it carries. A step whose feature is not
/// configured returns <see cref="StepResult.Continue"/> synchronously, which costs nothing.
/// </summary>
public interface IProxyStep
{
    /// <summary><see cref="StepResult.Continue"/> to run the next step; <see cref="StepResult.Stop"/> once the request was answered.</summary>
    ValueTask<StepResult> InvokeAsync(ProxyRequest request);
}

/// <summary>What a step did with the request.</summary>
public enum StepResult
{
    /// <summary>The next step runs.</summary>
    Continue,

    /// <summary>The request has been answered (or aborted); the remaining steps are skipped, the recorders still run.</summary>
    Stop,
}

/// <summary>
/// Where a step runs in the request path. Steps of one stage run in registration order. The gaps leave room for steps
/// between stages (e.g. <c>Forward - 10</c> runs before forwarding).
/// </summary>
public enum PipelineStage
{
    /// <summary>Normalize the request: request id, what the listener must strip or fix before anything reads it.</summary>
    Prepare = 0,

    /// <summary>Match the route table (records the match; answering "no route" is the route action's).</summary>
    Match = 100,

    /// <summary>Who is calling: mTLS peer, request principal (JWT).</summary>
    Authenticate = 200,

    /// <summary>AuthorizationPolicy.</summary>
    Authorize = 300,

    /// <summary>Rules, quotas, rate limits, external authorization.</summary>
    Policy = 400,

    /// <summary>No route, direct responses, redirects.</summary>
    RouteAction = 500,

    /// <summary>Weighted destination, cluster, endpoint, pool admission.</summary>
    PickEndpoint = 600,

    /// <summary>After the endpoint is known, before the request is copied upstream: headers for mesh hops (peer metadata, trace context).</summary>
    BeforeForward = 650,

    /// <summary>Mirrors, then the forward itself (with the route's resilience).</summary>
    Forward = 700,
}

/// <summary>
/// The record step: runs after the response is complete (also after a local answer or a failure), with everything the
/// request's steps learned. Synchronous: it must not block or throw; aggregate or buffer, and export off the request path.
/// </summary>
public interface IRequestRecorder
{
    void Record(ProxyRequest request);
}
