using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.ServiceEntries;

/// <summary>
/// Endpoints: an address (an IP or unix socket for STATIC, a host name or IP for DNS), ports keyed by declared
/// port names, a weight that is not negative, valid labels.
/// </summary>
internal static class ServiceEntryEndpointsValidator
{
    private const string UnixPrefix = "unix://";

    public static void Validate(ValidationContext context, ServiceEntry resource)
    {
        var spec = resource.Spec;
        var declared = spec.Ports.Select(p => p.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var isStatic = spec.Resolution == ServiceEntryResolution.Static;
        for (var i = 0; i < spec.Endpoints.Count; i++)
        {
            var endpoint = spec.Endpoints[i];
            var path = $"spec.endpoints[{i}]";
            Address(context, $"{path}.address", endpoint.Address, isStatic);
            foreach (var (name, number) in endpoint.Ports)
            {
                if (!declared.Contains(name))
                {
                    context.Add($"{path}.ports[{name}]", $"port \"{name}\" is not a declared port name; declared: {string.Join(", ", declared.Order(StringComparer.Ordinal))}");
                }

                NumberRules.Port(context, $"{path}.ports[{name}]", number);
            }

            NumberRules.AtLeast(context, $"{path}.weight", endpoint.Weight, 0);
            LabelRules.ValidateLabels(context, $"{path}.labels", endpoint.Labels);
        }
    }

    private static void Address(ValidationContext context, string path, string? address, bool isStatic)
    {
        if (string.IsNullOrEmpty(address))
        {
            context.Add(path, "endpoint address is required");
        }
        else if (address.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            if (address.Length == UnixPrefix.Length)
            {
                context.Add(path, "unix socket address needs a path after \"unix://\"");
            }
            else if (!isStatic)
            {
                context.Add(path, $"unix socket endpoint \"{address}\" needs resolution STATIC");
            }
        }
        else if (isStatic && !AddressRules.IsIp(address))
        {
            context.Add(path, $"invalid endpoint address \"{address}\": resolution STATIC needs an IP address or a unix socket");
        }
        else if (HostRules.HostError(address, allowStar: false) is not null || address.Contains('*', StringComparison.Ordinal))
        {
            context.Add(path, $"invalid endpoint address \"{address}\": expected a host name, an IP address or a unix socket");
        }
    }
}
