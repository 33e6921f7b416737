using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Ingress.Admin;

/// <summary>
/// The admin listener's answers: <c>/healthz/live</c> (the process runs), <c>/healthz/ready</c> (200 once a first
/// snapshot is loaded and compiled and, when a CA is configured, a valid workload certificate is held; else 503
/// naming what is missing), <c>/debug/revision</c> (the applied revision as text), and the shared
/// <see cref="ProxyDebugEndpoints"/>: <c>/debug/config</c>, <c>/debug/routes</c>, <c>/debug/clusters</c>,
/// <c>/debug/endpoints</c>, <c>/debug/certs</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static Task HandleAsync(HttpContext context)
    {
        if (ProxyDebugEndpoints.Find(context) is { } debug)
        {
            return debug.ExecuteAsync(context);
        }

        var state = context.RequestServices.GetRequiredService<ProxyState>();
        return context.Request.Path.Value switch
        {
            "/healthz/live" => Results.Text("live\n").ExecuteAsync(context),
            "/healthz/ready" => Readiness(context, state).ExecuteAsync(context),
            "/debug/revision" => Results.Text($"{state.AppliedRevision}\n").ExecuteAsync(context),
            _ => Results.Text("not found\n", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context),
        };
    }

    private static IResult Readiness(HttpContext context, ProxyState state)
    {
        var missing = new List<string>();
        if (!state.Current.Loaded)
        {
            missing.Add("no snapshot loaded yet");
        }

        if (context.RequestServices.GetService<CertificateAgent>()?.NotReadyReason() is { } certificate)
        {
            missing.Add(certificate);
        }

        return missing.Count == 0
            ? Results.Text("ready\n")
            : Results.Text(string.Join("; ", missing) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
