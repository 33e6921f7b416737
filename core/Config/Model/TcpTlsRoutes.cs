using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>TLSRoute</c>: routes TLS passthrough traffic, matched by SNI and L4 attributes.</summary>
public sealed record TlsRoute
{
    public ValueList<TlsMatchAttributes> Match { get; init; }

    public ValueList<RouteDestination> Route { get; init; }
}

/// <summary>Istio's <c>TCPRoute</c>: routes opaque TCP traffic, matched by L4 attributes.</summary>
public sealed record TcpRoute
{
    public ValueList<L4MatchAttributes> Match { get; init; }

    public ValueList<RouteDestination> Route { get; init; }
}

/// <summary>Istio's <c>TLSMatchAttributes</c>: conditions on a TLS connection (SNI, subnets, port, source).</summary>
public sealed record TlsMatchAttributes
{
    public ValueList<string> SniHosts { get; init; }

    public ValueList<string> DestinationSubnets { get; init; }

    public int? Port { get; init; }

    public ValueMap<string, string> SourceLabels { get; init; }

    public ValueList<string> Gateways { get; init; }

    public string? SourceNamespace { get; init; }
}

/// <summary>Istio's <c>L4MatchAttributes</c>: conditions on a TCP connection (subnets, port, source).</summary>
public sealed record L4MatchAttributes
{
    public ValueList<string> DestinationSubnets { get; init; }

    public int? Port { get; init; }

    public string? SourceSubnet { get; init; }

    public ValueMap<string, string> SourceLabels { get; init; }

    public ValueList<string> Gateways { get; init; }

    public string? SourceNamespace { get; init; }
}
