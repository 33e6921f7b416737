using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>LocalityLoadBalancerSetting</c>: weighted distribution or failover across regions/zones.</summary>
public sealed record LocalityLoadBalancerSetting
{
    public ValueList<LocalityDistribute> Distribute { get; init; }

    public ValueList<LocalityFailover> Failover { get; init; }

    public ValueList<string> FailoverPriority { get; init; }

    public bool? Enabled { get; init; }
}

/// <summary>Istio's <c>LocalityLoadBalancerSetting.Distribute</c>: weights per target locality for traffic from one locality.</summary>
public sealed record LocalityDistribute
{
    public string? From { get; init; }

    public ValueMap<string, int> To { get; init; }
}

/// <summary>Istio's <c>LocalityLoadBalancerSetting.Failover</c>: the region traffic fails over to from another.</summary>
public sealed record LocalityFailover
{
    public string? From { get; init; }

    public string? To { get; init; }
}

/// <summary>Istio's <c>ZoneAwareLoadBalancerSetting</c>: zone-aware routing that keeps traffic in the caller's zone.</summary>
public sealed record ZoneAwareLoadBalancerSetting
{
    public bool? Enabled { get; init; }

    public ValueList<LocalityFailover> Failover { get; init; }

    public ValueList<string> FailoverPriority { get; init; }

    public long? MinClusterSize { get; init; }
}
