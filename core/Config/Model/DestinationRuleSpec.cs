using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>DestinationRule</c>: policies for traffic to a host after routing, and its subsets.</summary>
public sealed record DestinationRuleSpec
{
    public string? Host { get; init; }

    public TrafficPolicy? TrafficPolicy { get; init; }

    public ValueList<Subset> Subsets { get; init; }

    public ValueList<string> ExportTo { get; init; }

    public WorkloadSelector? WorkloadSelector { get; init; }
}

/// <summary>Istio's <c>Subset</c>: a named group of a service's endpoints, chosen by labels, with optional overriding policy.</summary>
public sealed record Subset
{
    public string? Name { get; init; }

    public ValueMap<string, string> Labels { get; init; }

    public TrafficPolicy? TrafficPolicy { get; init; }
}
