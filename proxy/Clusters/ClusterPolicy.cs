using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// The traffic policy in force for one cluster, after a subset's policy was laid over the host's field by field.
/// <see cref="PortLevelSettings"/> is keyed by port number; <see cref="ForPort"/> applies one port's overrides.
/// </summary>
public sealed record ClusterPolicy
{
    public static ClusterPolicy Default { get; } = new();

    public LoadBalancerSettings? LoadBalancer { get; init; }

    public ConnectionPoolSettings? ConnectionPool { get; init; }

    public OutlierDetection? OutlierDetection { get; init; }

    public ClientTlsSettings? Tls { get; init; }

    /// <summary>The retry budget; cluster-wide (Istio has no port-level budget).</summary>
    public RetryBudget? RetryBudget { get; init; }

    public ValueMap<int, PortTrafficPolicy> PortLevelSettings { get; init; }

    /// <summary>The policy for traffic to <paramref name="port"/>: that port's non-null settings replace the cluster-wide ones.</summary>
    public ClusterPolicy ForPort(int port) =>
        PortLevelSettings.TryGetValue(port, out var p)
            ? new ClusterPolicy
            {
                LoadBalancer = p.LoadBalancer ?? LoadBalancer,
                ConnectionPool = p.ConnectionPool ?? ConnectionPool,
                OutlierDetection = p.OutlierDetection ?? OutlierDetection,
                Tls = p.Tls ?? Tls,
                RetryBudget = RetryBudget,
            }
            : this;

    /// <summary>Lays <paramref name="overriding"/> (a subset's policy) over <paramref name="host"/> (the rule's), field by field.</summary>
    public static ClusterPolicy Merge(TrafficPolicy? host, TrafficPolicy? overriding) => new()
    {
        LoadBalancer = overriding?.LoadBalancer ?? host?.LoadBalancer,
        ConnectionPool = overriding?.ConnectionPool ?? host?.ConnectionPool,
        OutlierDetection = overriding?.OutlierDetection ?? host?.OutlierDetection,
        Tls = overriding?.Tls ?? host?.Tls,
        RetryBudget = overriding?.RetryBudget ?? host?.RetryBudget,
        PortLevelSettings = MergePorts(host, overriding),
    };

    private static ValueMap<int, PortTrafficPolicy> MergePorts(TrafficPolicy? host, TrafficPolicy? overriding)
    {
        var byPort = new Dictionary<int, PortTrafficPolicy>();
        foreach (var setting in (host?.PortLevelSettings ?? default).Concat(overriding?.PortLevelSettings ?? default))
        {
            if (setting.Port?.Number is { } number)
            {
                byPort[number] = setting;
            }
        }

        return byPort.Count == 0 ? default : new ValueMap<int, PortTrafficPolicy>(byPort);
    }
}
