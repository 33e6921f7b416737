using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Legacy;

/// <summary>
/// The spec of an Istio 0.x <c>EgressRule</c> (<c>config.istio.io/v1alpha2</c>): an external service (a DNS name,
/// a <c>*.</c> wildcard or a CIDR) that workloads in the mesh may call, on the listed ports.
/// </summary>
public sealed record EgressRuleSpec
{
    public IstioService? Destination { get; init; }

    public ValueList<EgressPort> Ports { get; init; }

    public bool? UseEgressProxy { get; init; }
}

/// <summary>Istio 0.x's <c>EgressRule.Port</c>.</summary>
public sealed record EgressPort
{
    public int? Port { get; init; }

    public string? Protocol { get; init; }
}

/// <summary>An Istio 0.x <c>EgressRule</c> (<c>config.istio.io/v1alpha2</c>).</summary>
public sealed record EgressRule : ConfigResource<EgressRuleSpec>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Kind => ResourceKinds.EgressRule;
}
