using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>VirtualService</c>: routing rules for HTTP, TLS and TCP traffic to a set of hosts.</summary>
public sealed record VirtualServiceSpec
{
    public ValueList<string> Hosts { get; init; }

    public ValueList<string> Gateways { get; init; }

    public ValueList<HttpRoute> Http { get; init; }

    public ValueList<TlsRoute> Tls { get; init; }

    public ValueList<TcpRoute> Tcp { get; init; }

    public ValueList<string> ExportTo { get; init; }
}

/// <summary>Istio's <c>Destination</c>: a service host, optional subset and port that traffic is sent to.</summary>
public sealed record Destination
{
    public string? Host { get; init; }

    public string? Subset { get; init; }

    public PortSelector? Port { get; init; }
}

/// <summary>Istio's <c>RouteDestination</c>: a weighted L4 destination of a TLS or TCP route.</summary>
public sealed record RouteDestination
{
    public Destination? Destination { get; init; }

    public int? Weight { get; init; }
}
