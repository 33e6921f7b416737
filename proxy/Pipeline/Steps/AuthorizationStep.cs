using System.Text;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Security.Enforcement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Authorize: enforces the AuthorizationPolicies compiled into the request's config (on the ingress before routing
/// answers, on a sidecar's inbound listener before the app). No applicable policy: nothing is read. Denied:
/// <c>403</c> with the body <c>RBAC: access denied</c> (text/plain), as Envoy answers in Istio, the response flag
/// <see cref="ResponseFlags.RbacAccessDenied"/>, one log line and a counter. AUDIT matches are logged and counted and
/// never change the decision.
/// </summary>
public sealed class AuthorizationStep(
    AuthorizationEnforcementOptions options,
    AuthorizationMetrics metrics,
    ILogger<AuthorizationStep> logger) : IProxyStep
{
    public const string DeniedBody = "RBAC: access denied";
    private static readonly byte[] DeniedBytes = Encoding.ASCII.GetBytes(DeniedBody);

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var engine = request.Config.Security.Authorization;
        if (engine.IsEmpty)
        {
            return new(StepResult.Continue);
        }

        var attributes = AuthorizationRequestReader.Read(request.Http, options);
        if (request.RequestPrincipal is { } user)
        {
            attributes = attributes with
            {
                RequestPrincipal = user.Principal,
                RequestAudiences = user.Audiences,
                RequestPresenter = user.Presenter,
                RequestClaims = user.Claims,
            };
        }

        var decision = engine.Evaluate(attributes);
        if (decision.AuditPolicy is { } audit)
        {
            metrics.Audited(audit, decision.Allowed);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var outcome = decision.Allowed ? "allowed" : "denied";
                var principal = Principal(attributes);
                AuthorizationLog.Audited(logger, attributes.Method, attributes.Host, attributes.Path, principal, audit, outcome);
            }
        }

        request.AuthzPolicy = decision.Policy;
        if (decision.Allowed)
        {
            return new(StepResult.Continue);
        }

        metrics.Denied(decision.Policy ?? "none");
        if (logger.IsEnabled(LogLevel.Information))
        {
            var policy = decision.Policy ?? "none (no ALLOW policy matched)";
            var principal = Principal(attributes);
            var source = attributes.SourceIp?.ToString();
            AuthorizationLog.Denied(logger, attributes.Method, attributes.Host, attributes.Path, principal, source, policy);
        }

        request.Flags |= ResponseFlags.RbacAccessDenied;
        request.ResponseCodeDetails = Details(decision.Policy);
        return DenyAsync(request.Http);
    }

    /// <summary>Envoy's response code details of a denial: <c>rbac_access_denied_matched_policy[ns[NS]-policy[NAME]]</c>, or <c>[none]</c> when no ALLOW policy matched.</summary>
    internal static string Details(string? policy)
    {
        if (policy is null)
        {
            return "rbac_access_denied_matched_policy[none]";
        }

        var slash = policy.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? $"rbac_access_denied_matched_policy[policy[{policy}]]"
            : $"rbac_access_denied_matched_policy[ns[{policy[..slash]}]-policy[{policy[(slash + 1)..]}]]";
    }

    private static string Principal(in AuthorizationRequest request) => request.Peer?.Principal ?? "(no peer identity)";

    private static async ValueTask<StepResult> DenyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = DeniedBytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(DeniedBytes, context.RequestAborted).ConfigureAwait(false);
        }

        return StepResult.Stop;
    }
}
