using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Sidecar.Registration;

namespace GatewayMesh.Sidecar.Admin;

/// <summary>
/// The admin listener's answers: <c>/healthz/live</c> (the process runs), <c>/healthz/ready</c> (200 only when a
/// snapshot is loaded, the workload is registered (when a registry is configured) and the app answers on its port;
/// else 503 naming what is missing), <c>/debug/config</c> (the compiled routes and clusters as JSON) and
/// <c>/debug/revision</c> (<c>{"revision": N}</c>).
/// </summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task HandleAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<ProxyState>();
        var result = context.Request.Path.Value switch
        {
            "/healthz/live" => Results.Text("live\n"),
            "/healthz/ready" => await ReadinessAsync(context, state),
            "/debug/revision" => Results.Text(new JsonObject { ["revision"] = state.AppliedRevision }.ToJsonString(), "application/json"),
            "/debug/config" => Results.Text(ProxyConfigDump.Create(state.Current, state.Identity).ToJsonString(Indented), "application/json"),
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
