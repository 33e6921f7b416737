using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Sends fire-and-forget copies of bodiless GET and HEAD requests to a route's mirror clusters. The copy is built
/// before the main request is forwarded, then sent on the thread pool with its own timeout; its answer is dropped,
/// and its failures are only logged. It never delays or fails the main request. A mirror endpoint gets mTLS exactly
/// as a forwarded request would (through its cluster's client); one that requires mTLS this proxy cannot originate is skipped.
/// </summary>
public sealed class MirrorSender(UpstreamClient client, MeshForwardingOptions options, TimeProvider time, ILogger<MirrorSender> logger)
{
    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Content-Length",
    };

    /// <summary>Starts the mirrors of <paramref name="mirrors"/> that this request is sampled into.</summary>
    public void Mirror(HttpContext context, ValueList<MirrorPolicy> mirrors, ClusterSet clusters, string path)
    {
        if (mirrors.IsEmpty || !IsMirrorable(context.Request))
        {
            return;
        }

        foreach (var mirror in mirrors)
        {
            if (mirror.Percentage < 100 && Random.Shared.NextDouble() * 100 >= mirror.Percentage)
            {
                continue;
            }

            if (!clusters.TryFind(mirror.Cluster, out var entry) || entry.Cluster.Endpoints.IsEmpty)
            {
                continue;
            }

            var pick = entry.LoadBalancer.Pick(LoadBalancingContext.Empty);
            pick.Lease.Dispose();
            if (!pick.HasEndpoint)
            {
                continue;
            }

            var endpoint = entry.Cluster.Endpoints[pick.Index];
            var transport = entry.TransportTo(endpoint);
            if (transport == UpstreamTransport.MutualTlsUnavailable)
            {
                continue;
            }

            var request = Copy(context.Request, new Uri($"{UpstreamTransports.Scheme(transport)}://{endpoint}{path}{context.Request.QueryString.Value}"));
            var invoker = entry.Resilience?.Invoker ?? client.Invoker;
            _ = Task.Run(() => SendAsync(invoker, request, mirror.Cluster.ToString()));
        }
    }

    private static bool IsMirrorable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        request.ContentLength is null or 0 &&
        !request.Headers.ContainsKey("Transfer-Encoding");

    /// <summary>Copies the request line and headers; the Host gets Envoy's "-shadow" suffix so upstreams can tell copies apart.</summary>
    private static HttpRequestMessage Copy(HttpRequest request, Uri uri)
    {
        var copy = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        foreach (var (name, values) in request.Headers)
        {
            if (!SkippedHeaders.Contains(name) && !name.StartsWith(':'))
            {
                copy.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var host = request.Host;
        copy.Headers.Host = host.Port is { } port ? $"{host.Host}-shadow:{port}" : $"{host.Host}-shadow";
        return copy;
    }

    private async Task SendAsync(HttpMessageInvoker invoker, HttpRequestMessage request, string cluster)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.MirrorTimeout, time);
            using var response = await invoker.SendAsync(request, timeout.Token);
        }
        catch (Exception ex)
        {
            Log.MirrorFailed(logger, ex, cluster);
        }
        finally
        {
            request.Dispose();
        }
    }
}
