using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// The last telemetry recorder: puts back the body stream and response body feature that <see cref="BodyCountingStep"/>
/// replaced and returns its counter to the pool. Not done by the first recorder, which only reads the counts: setting a
/// feature bumps the feature collection's revision, after which the context fetches every feature again on its next
/// access, so restoring after the recorders spares them those fetches (the pipeline bumps the revision itself once
/// the recorders are done).
/// </summary>
public sealed class BodyCounterRelease(BodyCountingStep counting) : IRequestRecorder
{
    public void Record(ProxyRequest request) => counting.Release(request);
}
