using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Telemetry.Peers;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// First step of every listener (before anything forwards, passthrough included): names the calling and called
/// workloads and keeps the metadata exchange inside the mesh. The ingress and a sidecar's outbound are the source
/// (this proxy); their incoming <c>x-envoy-peer-metadata*</c> headers come from outside the mesh or from the app and
/// are removed. A sidecar's inbound is the destination; the caller's proxy named itself in the header, which is read
/// (cached per value) and removed before the request reaches the app. Policy steps read <see cref="ProxyRequest.SourceWorkload"/>.
/// The header is believed only when it arrived over mesh mTLS and agrees with the peer's certificate (same namespace,
/// same service account when it names one): anyone can write a header, only a mesh workload holds a certificate, and
/// a workload cannot speak for another namespace or identity. Otherwise the source stays unknown.
/// The ingress is also the mesh's edge on the way back: the headers are removed from every response it sends an outside
/// client (whatever an upstream or an app answered with), just before the response starts.
/// </summary>
public sealed class PeerMetadataStep(MeshWorkloads workloads) : IProxyStep
{
    /// <summary>Before the sidecar outbound's passthrough (which forwards at Prepare) and before the request id.</summary>
    public const PipelineStage Stage = PipelineStage.Prepare - 10;

    private static readonly Func<object, Task> RemoveFromResponse = static state =>
    {
        var headers = ((HttpResponse)state).Headers;
        headers.Remove(PeerMetadata.HeaderName);
        headers.Remove(PeerMetadata.IdHeaderName);
        return Task.CompletedTask;
    };

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var headers = request.Http.Request.Headers;
        if (request.Listener == ProxyListener.Ingress)
        {
            request.Http.Response.OnStarting(RemoveFromResponse, request.Http.Response);
        }

        if (request.Reporter == Reporter.Destination)
        {
            request.DestinationWorkload = workloads.Self;
            if (headers.TryGetValue(PeerMetadata.HeaderName, out var value))
            {
                if (request.Peer is { } peer && value.Count == 1 && PeerMetadata.Decode(value[0]) is { } claimed && Vouches(peer, claimed))
                {
                    request.SourceWorkload = claimed;
                }

                headers.Remove(PeerMetadata.HeaderName);
            }
        }
        else
        {
            request.SourceWorkload = workloads.Self;
            headers.Remove(PeerMetadata.HeaderName);
        }

        headers.Remove(PeerMetadata.IdHeaderName);
        return new(StepResult.Continue);
    }

    /// <summary>The certificate vouches for the metadata: the peer's namespace, and its service account if named.</summary>
    private static bool Vouches(PeerIdentity peer, WorkloadInfo claimed) =>
        string.Equals(claimed.Namespace, peer.Namespace, StringComparison.Ordinal)
        && (claimed.ServiceAccount is null || string.Equals(claimed.ServiceAccount, peer.Id.ServiceAccount, StringComparison.Ordinal));
}
