using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Registration;

namespace GatewayMesh.Sidecar.Admin;

/// <summary>
/// The admin listener's answers: <c>/healthz/live</c> (the process runs), <c>/healthz/ready</c> (200 only when a
/// snapshot is loaded, the workload is registered (when a registry is configured), it holds a valid workload
/// certificate (when a CA is configured: fail closed once it has expired unrenewed) and the app answers on its port;
/// else 503 naming what is missing), <c>/debug/revision</c> (<c>{"revision": N}</c>), and the shared
/// <see cref="ProxyDebugEndpoints"/>: <c>/debug/config</c>, <c>/debug/routes</c>, <c>/debug/clusters</c>,
/// <c>/debug/endpoints</c>, <c>/debug/certs</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static async Task HandleAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<ProxyState>();
        var result = ProxyDebugEndpoints.Find(context) ?? context.Request.Path.Value switch
        {
            "/healthz/live" => Results.Text("live\n"),
            "/healthz/ready" => await ReadinessAsync(context, state),
            "/debug/revision" => Results.Text(new JsonObject { ["revision"] = state.AppliedRevision }.ToJsonString(), "application/json"),
            _ => Results.Text("not found\n", statusCode: StatusCodes.Status404NotFound),
        };
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> ReadinessAsync(HttpContext context, ProxyState state)
    {
        var missing = new List<string>();
        if (!state.Current.Loaded)
        {
            missing.Add("no snapshot loaded yet");
        }

        if (context.RequestServices.GetService<RegistrationService>() is { IsRegistered: false })
        {
            missing.Add("not registered yet");
        }

        if (context.RequestServices.GetService<CertificateAgent>()?.NotReadyReason() is { } certificate)
        {
            missing.Add(certificate);
        }

        var app = context.RequestServices.GetRequiredService<AppProbe>();
        if (!await app.AnswersAsync(context.RequestAborted))
        {
            missing.Add($"app not answering on port {app.AppPort}");
        }

        return missing.Count == 0
            ? Results.Text("ready\n")
            : Results.Text(string.Join("; ", missing) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
