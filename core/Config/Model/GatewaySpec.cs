using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>Gateway</c>: the servers (ports, hosts, TLS) a selected edge proxy exposes.</summary>
public sealed record GatewaySpec
{
    public ValueList<Server> Servers { get; init; }

    /// <summary>Labels of the gateway workloads this config applies to, e.g. <c>istio: ingressgateway</c>.</summary>
    public ValueMap<string, string> Selector { get; init; }
}

/// <summary>Istio's <c>Server</c>: one listener of a gateway, with the hosts it serves and its TLS settings.</summary>
public sealed record Server
{
    public Port? Port { get; init; }

    public string? Bind { get; init; }

    public ValueList<string> Hosts { get; init; }

    public ServerTlsSettings? Tls { get; init; }

    public string? DefaultEndpoint { get; init; }

    public string? Name { get; init; }
}

/// <summary>Istio's gateway <c>Port</c>: the number, protocol and name of a server's listening port.</summary>
public sealed record Port
{
    public int? Number { get; init; }

    public string? Protocol { get; init; }

    public string? Name { get; init; }

    /// <summary>Deprecated in Istio.</summary>
    public int? TargetPort { get; init; }
}
