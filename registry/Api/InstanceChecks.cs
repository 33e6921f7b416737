using GatewayMesh.Core.Blocks.Registry;

namespace GatewayMesh.Registry.Api;

/// <summary>Checks a registration before it reaches the service registry; every problem is reported with its field.</summary>
internal static class InstanceChecks
{
    public static List<string> KeyErrorsOf(InstanceKey key)
    {
        var errors = new List<string>();
        if (!PathSegments.IsValidNamespace(key.Namespace))
        {
            errors.Add($"instance.namespace: '{PathSegments.Truncate(key.Namespace)}' is not a DNS-1123 label");
        }

        if (!PathSegments.IsValidName(key.Service))
        {
            errors.Add($"instance.service: '{PathSegments.Truncate(key.Service)}' is not a DNS-1123 name");
        }

        if (!PathSegments.IsValidInstanceId(key.InstanceId))
        {
            errors.Add($"instance.instanceId: '{PathSegments.Truncate(key.InstanceId)}' must be letters, digits, '-', '.', '_' or ':', at most {PathSegments.MaxNameLength} characters");
        }

        return errors;
    }

    public static List<string> ErrorsOf(ServiceInstance instance, int? leaseSeconds)
    {
        var errors = KeyErrorsOf(instance.Key);
        if (string.IsNullOrWhiteSpace(instance.Address) || instance.Address.Length > PathSegments.MaxNameLength)
        {
            errors.Add("instance.address: required, a host name or IP address");
        }

        if (instance.Port is < 1 or > 65535)
        {
            errors.Add($"instance.port: {instance.Port} is not a port (1-65535)");
        }

        if (leaseSeconds is < InstanceEndpoints.MinLeaseSeconds or > InstanceEndpoints.MaxLeaseSeconds)
        {
            errors.Add($"leaseSeconds: {leaseSeconds} is out of range ({InstanceEndpoints.MinLeaseSeconds}-{InstanceEndpoints.MaxLeaseSeconds})");
        }

        return errors;
    }
}
