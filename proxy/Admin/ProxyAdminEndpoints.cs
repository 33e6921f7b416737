using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// One admin API for every proxy, the ingress's and the sidecars' alike: <c>/healthz/live</c> (the process runs),
/// <c>/healthz/ready</c> (200 when every <see cref="IReadinessCheck"/> is met, else 503 naming what is missing),
/// <c>/debug/revision</c> (<c>{"revision": N, "loaded": true}</c>, the applied revision), and the shared
/// <see cref="ProxyDebugEndpoints"/>: <c>/debug/config</c>, <c>/debug/routes</c>, <c>/debug/clusters</c>,
/// <c>/debug/endpoints</c>, <c>/debug/authz</c>, <c>/debug/certs</c>, <c>/debug/pipeline</c>; then any page a feature
/// registered (<see cref="IAdminEndpoint"/>). A caller that is not on loopback (a kubelet probing the pod's IP, a
/// Prometheus scraping it) gets only <c>/healthz/...</c> and <c>/stats/prometheus</c>; configuration dumps, certificate
/// facts and the rest answer 404 to it, as Envoy keeps its admin port on loopback and serves only health and metrics on
/// the pod's address.
/// </summary>
public static class ProxyAdminEndpoints
{
    private static readonly IResult NotFound = Results.Text("not found\n", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Whether <paramref name="context"/>'s caller may see its path: every path from loopback, health and metrics from elsewhere.</summary>
    public static bool RemoteMaySee(HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote) ||
        context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal) ||
        context.Request.Path.Equals("/stats/prometheus", StringComparison.Ordinal);

    public static async Task HandleAsync(HttpContext context)
    {
        if (!RemoteMaySee(context))
        {
            await NotFound.ExecuteAsync(context);
            return;
        }

        var state = context.RequestServices.GetRequiredService<ProxyState>();
        var result = ProxyDebugEndpoints.Find(context) ?? context.Request.Path.Value switch
        {
            "/healthz/live" => Results.Text("live\n"),
            "/healthz/ready" => await ReadinessAsync(context),
            "/debug/revision" => Results.Text(new JsonObject { ["revision"] = state.AppliedRevision, ["loaded"] = state.Current.Loaded }.ToJsonString(), "application/json"),
            _ => null,
        };
        if (result is not null)
        {
            await result.ExecuteAsync(context);
            return;
        }

        foreach (var endpoint in context.RequestServices.GetServices<IAdminEndpoint>())
        {
            if (string.Equals(endpoint.Path, context.Request.Path.Value, StringComparison.Ordinal))
            {
                await endpoint.HandleAsync(context);
                return;
            }
        }

        await NotFound.ExecuteAsync(context);
    }

    private static async Task<IResult> ReadinessAsync(HttpContext context)
    {
        var missing = new List<string>();
        foreach (var check in context.RequestServices.GetServices<IReadinessCheck>())
        {
            if (await check.NotReadyReasonAsync(context.RequestAborted) is { } reason)
            {
                missing.Add(reason);
            }
        }

        return missing.Count == 0
            ? Results.Text("ready\n")
            : Results.Text(string.Join("; ", missing) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Registers the engine's readiness checks: a snapshot is loaded; a certificate is held (when a CA is configured).</summary>
    public static IServiceCollection AddProxyAdmin(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, SnapshotLoaded>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, CertificateHeld>());
        return services;
    }

    private sealed class SnapshotLoaded(ProxyState state) : IReadinessCheck
    {
        public ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) =>
            new(state.Current.Loaded ? null : "no snapshot loaded yet");
    }

    private sealed class CertificateHeld(IServiceProvider services) : IReadinessCheck
    {
        public ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) =>
            new(services.GetService<CertificateAgent>()?.NotReadyReason());
    }
}
