using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.Registry;

[JsonConverter(typeof(MeshEnumConverter<InstanceHealth>))]
public enum InstanceHealth
{
    Healthy,
    Unhealthy,
    Draining,
}

/// <summary>Identifies one registered instance.</summary>
public readonly record struct InstanceKey(string Namespace, string Service, string InstanceId) : IComparable<InstanceKey>
{
    public int CompareTo(InstanceKey other) => string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => $"{Namespace}/{Service}/{InstanceId}";

    public static bool TryParse(string text, out InstanceKey key)
    {
        var parts = text.Split('/');
        if (parts.Length == 3 && parts.All(p => p.Length > 0))
        {
            key = new InstanceKey(parts[0], parts[1], parts[2]);
            return true;
        }

        key = default;
        return false;
    }
}

/// <summary>One workload instance of a service, as its sidecar registered it.</summary>
public sealed record ServiceInstance
{
    public string Service { get; init; } = "";

    public string Namespace { get; init; } = "default";

    public string InstanceId { get; init; } = "";

    public string Address { get; init; } = "";

    public int Port { get; init; }

    /// <summary>Workload labels, <c>app</c> and <c>version</c> among them; DestinationRule subsets select on these.</summary>
    public ValueMap<string, string> Labels { get; init; }

    public string ServiceAccount { get; init; } = "default";

    public InstanceHealth Health { get; init; } = InstanceHealth.Healthy;

    [JsonIgnore]
    public InstanceKey Key => new(Namespace, Service, InstanceId);
}

/// <summary>An instance with its current lease. The lease is renewed by heartbeats and is not part of the routing snapshot.</summary>
public sealed record InstanceLease(ServiceInstance Instance, DateTimeOffset ExpiresAt, long Revision);

/// <summary>The registry API's register request: the instance and the lease it asks for (docs/registry-api.md).</summary>
public sealed record InstanceRegistration(ServiceInstance Instance, int LeaseSeconds);
