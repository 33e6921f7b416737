using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>PeerAuthentication</c>: the mutual TLS mode workloads accept, per workload and port.</summary>
public sealed record PeerAuthenticationSpec
{
    public WorkloadSelector? Selector { get; init; }

    public MutualTls? Mtls { get; init; }

    /// <summary>Per-port mTLS overrides, keyed by the workload's (target) port number.</summary>
    public ValueMap<int, MutualTls> PortLevelMtls { get; init; }
}

/// <summary>Istio's <c>PeerAuthentication.MutualTLS</c>.</summary>
public sealed record MutualTls
{
    public MutualTlsMode? Mode { get; init; }
}

/// <summary>Istio's <c>PeerAuthentication.MutualTLS.Mode</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<MutualTlsMode>))]
public enum MutualTlsMode
{
    Unset = 0,
    Disable = 1,
    Permissive = 2,
    Strict = 3,
}
