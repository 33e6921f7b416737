using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Workloads;

/// <summary>
/// A workload entry (a WorkloadEntry's spec, or a WorkloadGroup's template): an IP, host name or unix socket address
/// (a unix socket takes no ports), named ports, a weight that is not negative, valid labels and service account.
/// </summary>
internal static class WorkloadEntryRules
{
    private const string UnixPrefix = "unix://";

    public static void Validate(ValidationContext context, string path, WorkloadEntrySpec entry, bool requireAddress)
    {
        Address(context, $"{path}.address", entry, requireAddress);
        foreach (var (name, number) in entry.Ports)
        {
            if (!NameRules.IsDns1123Label(name))
            {
                context.Add($"{path}.ports[{name}]", $"invalid port name \"{name}\": expected a DNS-1123 label");
            }

            NumberRules.Port(context, $"{path}.ports[{name}]", number);
        }

        NumberRules.AtLeast(context, $"{path}.weight", entry.Weight, 0);
        LabelRules.ValidateLabels(context, $"{path}.labels", entry.Labels);
        if (entry.ServiceAccount is { Length: > 0 } account && !NameRules.IsDns1123Subdomain(account))
        {
            context.Add($"{path}.serviceAccount", $"invalid service account \"{account}\": expected a DNS-1123 subdomain");
        }

        if (entry.Network is { Length: > 0 } network && !NameRules.IsDns1123Subdomain(network))
        {
            context.Add($"{path}.network", $"invalid network \"{network}\": expected a DNS-1123 subdomain");
        }
    }

    private static void Address(ValidationContext context, string path, WorkloadEntrySpec entry, bool requireAddress)
    {
        var address = entry.Address;
        if (string.IsNullOrEmpty(address))
        {
            if (requireAddress && string.IsNullOrEmpty(entry.Network))
            {
                context.Add(path, "address is required (an IP, a host name or unix://path)");
            }

            return;
        }

        if (address.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            if (address.Length == UnixPrefix.Length)
            {
                context.Add(path, "unix socket address needs a path after \"unix://\"");
            }

            if (!entry.Ports.IsEmpty)
            {
                context.Add(path, $"unix socket endpoint \"{address}\" takes no ports");
            }
        }
        else if (!AddressRules.IsIp(address) && (HostRules.HostError(address, allowStar: false) is not null || address.Contains('*', StringComparison.Ordinal)))
        {
            context.Add(path, $"invalid address \"{address}\": expected an IP address, a host name or unix://path");
        }
    }
}
