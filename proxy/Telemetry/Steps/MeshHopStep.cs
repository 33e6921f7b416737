using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Peers;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// On the calling side (ingress, sidecar outbound), once the endpoint is picked: names the destination workload from
/// the endpoint's registry labels and, when the endpoint is a mesh workload (a registry instance), tells it who is
/// calling with this proxy's <c>x-envoy-peer-metadata</c> headers (precomputed; two header writes per request).
/// A mesh workload is one reached over mesh mTLS or one with a workload identity (a service account: every registry
/// instance, and ServiceEntry endpoints that name one); plain outside addresses never get the headers.
/// </summary>
public sealed class MeshHopStep(MeshWorkloads workloads) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        if (request.Endpoint is { } endpoint)
        {
            request.DestinationWorkload = workloads.WorkloadOf(endpoint);
            if (request.UpstreamTls || endpoint.ServiceAccount.Length > 0)
            {
                var headers = request.Http.Request.Headers;
                headers[PeerMetadata.HeaderName] = workloads.SelfMetadata;
                headers[PeerMetadata.IdHeaderName] = workloads.SelfMetadataId;
            }
        }

        return new(StepResult.Continue);
    }
}
