using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// A proxy's compiled HTTP routes: immutable, with value equality (two compiles of the same snapshot are equal, so a
/// reload can tell that nothing changed). <see cref="Match"/> picks the virtual host by authority, then the first
/// rule that matches, allocating nothing.
/// </summary>
public sealed record RouteTable
{
    private readonly DerivedValue<HostIndex> _index;

    public RouteTable(ValueList<VirtualHostRoutes> virtualHosts)
    {
        VirtualHosts = virtualHosts;
        _index = new(new HostIndex(virtualHosts));
    }

    public static RouteTable Empty { get; } = new(ValueList<VirtualHostRoutes>.Empty);

    public ValueList<VirtualHostRoutes> VirtualHosts { get; }

    public VirtualHostRoutes? FindVirtualHost(string authority) => _index.Value.Find(authority);

    public RouteMatch? Match(in RequestView request)
    {
        if (FindVirtualHost(request.Authority) is not { } host)
        {
            return null;
        }

        var routed = request with { Gateway = host.Gateway };
        foreach (var rule in host.Rules)
        {
            if (rule.TryMatch(routed, out var block))
            {
                return new RouteMatch(host, rule, block);
            }
        }

        return null;
    }
}
