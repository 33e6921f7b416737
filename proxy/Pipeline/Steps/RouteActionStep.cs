using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Route action: answers what the matched rule answers itself, a 404 when no rule matched (NR), a direct response,
/// a redirect or a Gateway's httpsRedirect, with the rule's response header edits; a forwarding rule continues.
/// </summary>
public sealed class RouteActionStep(MeshForwardingOptions options, ILogger<RouteActionStep> logger) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        if (request.Match is not { } match)
        {
            var http = request.Http.Request;
            Log.NoRoute(logger, http.Host.Value ?? "", http.Path.Value ?? "");
            request.Flags |= ResponseFlags.NoRoute;
            request.ResponseCodeDetails = "route_not_found";
            return Stopped(LocalReplies.NoRoute(request.Http));
        }

        request.RouteName ??= match.Rule.Name;
        var response = request.Http.Response;
        switch (match.Action)
        {
            case ForwardAction:
                return new(StepResult.Continue);
            case DirectResponseAction direct:
                request.ResponseCodeDetails = "direct_response";
                return RespondDirectlyAsync(request.Http, direct, match.Rule.Headers);
            case HttpsRedirectAction:
                response.StatusCode = HttpsRedirectAction.Code;
                response.Headers.Location = HttpsRedirectAction.Location(request.View, options.HttpsRedirectPort?.Invoke());
                return new(StepResult.Stop);
            case RedirectAction redirect:
                response.StatusCode = redirect.Code;
                response.Headers.Location = redirect.Location(request.View, match.Block);
                HeaderEditing.Apply(match.Rule.Headers.Response, response.Headers);
                return new(StepResult.Stop);
            default:
                request.Flags |= ResponseFlags.NoRoute;
                return Stopped(LocalReplies.NoRoute(request.Http));
        }
    }

    private static async ValueTask<StepResult> Stopped(Task answer)
    {
        await answer.ConfigureAwait(false);
        return StepResult.Stop;
    }

    private static async ValueTask<StepResult> RespondDirectlyAsync(HttpContext context, DirectResponseAction direct, HeaderPolicy headers)
    {
        context.Response.StatusCode = direct.Status;
        HeaderEditing.Apply(headers.Response, context.Response.Headers);
        if (!direct.Body.IsEmpty)
        {
            context.Response.ContentType ??= "text/plain; charset=utf-8";
            context.Response.ContentLength = direct.Body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(direct.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return StepResult.Stop;
    }
}
