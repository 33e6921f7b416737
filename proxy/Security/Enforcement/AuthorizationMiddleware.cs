using System.Text;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>
/// Enforces the AuthorizationPolicies compiled into the proxy's current config before the request goes further
/// (to the app on a sidecar's inbound listener, to routing on the ingress). No applicable policy: nothing is read.
/// Denied: <c>403</c> with the body <c>RBAC: access denied</c> (text/plain), as Envoy answers in Istio, one log line and
/// a counter. AUDIT matches are logged and counted and never change the decision.
/// </summary>
public sealed class AuthorizationMiddleware(
    RequestDelegate next,
    ProxyState state,
    AuthorizationEnforcementOptions options,
    AuthorizationMetrics metrics,
    ILogger<AuthorizationMiddleware> logger)
{
    public const string DeniedBody = "RBAC: access denied";
    private static readonly byte[] DeniedBytes = Encoding.ASCII.GetBytes(DeniedBody);

    public Task InvokeAsync(HttpContext context)
    {
        var engine = state.Current.Security.Authorization;
        if (engine.IsEmpty)
        {
            return next(context);
        }

        var request = AuthorizationRequestReader.Read(context, options);
        var decision = engine.Evaluate(request);
        if (decision.AuditPolicy is { } audit)
        {
            metrics.Audited(audit, decision.Allowed);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var principal = Principal(request);
                var outcome = decision.Allowed ? "allowed" : "denied";
                AuthorizationLog.Audited(logger, request.Method, request.Host, request.Path, principal, audit, outcome);
            }
        }

        if (decision.Allowed)
        {
            return next(context);
        }

        metrics.Denied(decision.Policy ?? "none");
        if (logger.IsEnabled(LogLevel.Information))
        {
            var policy = decision.Policy ?? "none (no ALLOW policy matched)";
            var principal = Principal(request);
            var source = request.SourceIp?.ToString();
            AuthorizationLog.Denied(logger, request.Method, request.Host, request.Path, principal, source, policy);
        }

        return DenyAsync(context);
    }

    private static string Principal(in AuthorizationRequest request) => request.Peer?.Principal ?? "(no peer identity)";

    private static async Task DenyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = DeniedBytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(DeniedBytes, context.RequestAborted);
        }
    }
}
