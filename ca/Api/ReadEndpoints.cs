using GatewayMesh.Ca.Authority;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Api;

/// <summary><c>GET /v1/trust-bundle</c> (every trusted root, PEM) and the health probes.</summary>
internal static class ReadEndpoints
{
    public static void MapReadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(CaApi.TrustBundlePath, (AuthorityState state) => Results.Text(state.Current.TrustBundlePem, "application/x-pem-file"));
        app.MapGet("/healthz/live", () => Results.Json(new HealthStatus("live", 0), CaJson.Default.HealthStatus));
        app.MapGet("/healthz/ready", (AuthorityState state) => Results.Json(new HealthStatus("ready", state.Current.TrustBundle.Count), CaJson.Default.HealthStatus));
    }
}
