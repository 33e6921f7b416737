using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// The admin pages every proxy serves the same way, for the ingress's and the sidecar's admin listeners:
/// <c>/debug/config</c> (routes and clusters in one document), <c>/debug/routes</c>, <c>/debug/clusters</c>,
/// <c>/debug/endpoints</c> and <c>/debug/authz</c> (the applied security policies), each read from one
/// <see cref="ProxyState.Current"/>, <c>/debug/certs</c> (the workload certificate, <see cref="CertificatesDocument"/>)
/// and <c>/debug/pipeline</c> (each listener's steps and recorders).
/// Endpoint health comes from a registered <see cref="IEndpointHealthView"/>, else from outlier detection
/// (<see cref="OutlierEndpointHealthView"/>) when the proxy has it, else every endpoint is healthy.
/// </summary>
public static class ProxyDebugEndpoints
{
    public static readonly IReadOnlyList<string> Paths = ["/debug/config", "/debug/routes", "/debug/clusters", "/debug/endpoints", "/debug/authz", "/debug/certs", "/debug/pipeline"];

    // Relaxed escaping keeps "&&" in match text and non-ASCII hosts readable to curl; the answer is JSON, never HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer for one of <see cref="Paths"/>; null for any other path, which the caller handles.</summary>
    public static IResult? Find(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || !Paths.Contains(path))
        {
            return null;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return Results.Text("only GET\n", statusCode: StatusCodes.Status405MethodNotAllowed);
        }

        if (path == "/debug/certs")
        {
            var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            var certificates = CertificatesDocument.Create(context.RequestServices.GetService<IWorkloadCertificateSource>(), time.GetUtcNow());
            return Results.Text(certificates.ToJsonString(Indented), "application/json");
        }

        if (path == "/debug/pipeline")
        {
            return Results.Text(PipelineDocument.Create(context.RequestServices.GetRequiredService<ProxyPipelines>()).ToJsonString(Indented), "application/json");
        }

        var state = context.RequestServices.GetRequiredService<ProxyState>();
        var health = context.RequestServices.GetService<IEndpointHealthView>()
            ?? (context.RequestServices.GetService<OutlierDetector>() is { } outliers ? new OutlierEndpointHealthView(outliers) : AllEndpointsHealthy.Instance);
        var config = state.Current;
        JsonObject document = path switch
        {
            "/debug/routes" => RoutesDocument.Create(config, state.Identity),
            "/debug/clusters" => ClustersDocument.Create(config, state.Identity, health),
            "/debug/endpoints" => EndpointsDocument.Create(config, state.Identity, health, context.RequestServices.GetService<UpstreamTls>()),
            "/debug/authz" => AuthzDocument.Create(config, state.Identity),
            _ => ProxyConfigDump.Create(config, state.Identity),
        };
        return Results.Text(document.ToJsonString(Indented), "application/json");
    }
}
