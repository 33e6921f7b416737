using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Proxy.Security.Enforcement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Authenticate: Istio's RequestAuthentication on the ingress and a sidecar's inbound listener. No applicable rule, or
/// no token where the rules look: the request goes on unauthenticated (an AuthorizationPolicy decides whether that is
/// enough). A valid token sets <see cref="ProxyRequest.RequestPrincipal"/> (for <c>requestPrincipals</c> and
/// <c>request.auth.*</c>) and applies the rule's outputs (the token header removed unless <c>forwardOriginalToken</c>,
/// <c>outputPayloadToHeader</c>, <c>outputClaimToHeaders</c>); any invalid token is refused with <c>401</c>, Envoy's
/// reason as the body and a <c>WWW-Authenticate: Bearer</c> challenge. Token times are judged against the request's
/// start time (the proxy's TimeProvider).
/// </summary>
public sealed class AuthenticationStep(ILogger<AuthenticationStep> logger) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var policy = request.Config.Feature<JwtPolicy>();
        if (policy is null || policy.IsEmpty)
        {
            return new(StepResult.Continue);
        }

        var http = request.Http;
        var outcome = JwtAuthenticator.Authenticate(policy.Providers, new HttpJwtSource(http.Request), request.StartTime);
        if (outcome.Refused)
        {
            return RefuseAsync(request, outcome.Failure!);
        }

        if (outcome.Principal is { } principal)
        {
            request.RequestPrincipal = principal;
            foreach (var edit in outcome.Edits)
            {
                if (edit.Value is null)
                {
                    http.Request.Headers.Remove(edit.Name);
                }
                else
                {
                    http.Request.Headers[edit.Name] = edit.Value;
                }
            }
        }

        return new(StepResult.Continue);
    }

    private ValueTask<StepResult> RefuseAsync(ProxyRequest request, string reason)
    {
        var http = request.Http;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AuthenticationLog.Refused(logger, http.Request.Method, http.Request.Host.Value ?? "", http.Request.Path.Value ?? "", reason);
        }

        // Envoy's jwt_authn challenge: the realm is the request URL (percent-encoded, so it cannot break the quoted string),
        // the error invalid_token.
        http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{http.Request.Scheme}://{http.Request.Host.ToUriComponent()}{http.Request.Path.ToUriComponent()}\", error=\"invalid_token\"";
        return LocalReply.SendAsync(request, StatusCodes.Status401Unauthorized, reason, details: "jwt_authn_access_denied{" + reason.Replace(' ', '_') + "}");
    }
}
