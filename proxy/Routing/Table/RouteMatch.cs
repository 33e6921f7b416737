namespace GatewayMesh.Proxy.Routing;

/// <summary>The result of routing one request: the virtual host, the first rule that matched, and the block that matched it.</summary>
public readonly record struct RouteMatch(VirtualHostRoutes Host, HttpRouteRule Rule, MatchBlock? Block)
{
    public RouteAction Action => Rule.Action;
}
