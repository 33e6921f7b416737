using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Forwarding;

namespace GatewayMesh.Ingress.Admin;

/// <summary>
/// The admin listener's answers: <c>/healthz/live</c> (the process runs), <c>/healthz/ready</c> (200 once a first
/// snapshot is loaded and compiled, else 503), <c>/debug/revision</c> (the applied revision as text), and the
/// shared <see cref="ProxyDebugEndpoints"/>: <c>/debug/config</c>, <c>/debug/routes</c>, <c>/debug/clusters</c>,
/// <c>/debug/endpoints</c>.
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
            "/healthz/ready" => state.Current.Loaded
                ? Results.Text("ready\n").ExecuteAsync(context)
                : Results.Text("no snapshot loaded yet\n", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context),
            "/debug/revision" => Results.Text($"{state.AppliedRevision}\n").ExecuteAsync(context),
            _ => Results.Text("not found\n", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context),
        };
    }
}
