using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>
/// Match: finds the first rule of the current route table that matches the request (the HTTPS listener's table for a
/// request that came over TLS to the ingress) and records it with the request's routing view. It answers nothing:
/// a request without a route is answered by <see cref="RouteActionStep"/>, after authorization and policy, so a denied
/// request to an unknown host is still 403. On the ingress the <c>port</c> routing sees is the Gateway server port of
/// the virtual host the request selects.
/// </summary>
public sealed class RouteMatchStep(MeshForwardingOptions options) : IProxyStep
{
    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var http = request.Http.Request;
        var routes = request.Config.RoutesFor(http.IsHttps && request.Self.Role == ProxyRole.Ingress);
        var port = options.RouteOnGatewayPort && routes.FindVirtualHost(http.Host.Value ?? "") is { Ports.IsEmpty: false } host
            ? host.Ports[0]
            : (int?)null;
        var view = http.ToRequestView(request.Fields, port).FromProxy(request.Self);
        request.View = view;
        request.Match = routes.Match(view);
        return new(StepResult.Continue);
    }
}
