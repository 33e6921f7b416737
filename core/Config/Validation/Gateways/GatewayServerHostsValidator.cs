using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Gateways;

/// <summary>
/// Server hosts: at least one, each "host" or "namespace/host", where the namespace is "*", ".", "~" or a name
/// (it limits which namespaces' VirtualServices may bind) and the host may be a wildcard.
/// </summary>
internal static class GatewayServerHostsValidator
{
    public static void Validate(ValidationContext context, Gateway resource)
    {
        for (var s = 0; s < resource.Spec.Servers.Count; s++)
        {
            var hosts = resource.Spec.Servers[s].Hosts;
            var path = $"spec.servers[{s}].hosts";
            if (hosts.IsEmpty)
            {
                context.Add(path, "at least one host is required");
            }

            for (var h = 0; h < hosts.Count; h++)
            {
                if (HostError(hosts[h]) is { } error)
                {
                    context.Add($"{path}[{h}]", error);
                }
            }
        }
    }

    private static string? HostError(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            return $"invalid host \"{value}\": expected \"host\" or \"namespace/host\"";
        }

        if (parts.Length == 2 && parts[0] is not ("*" or "." or "~") && !NameRules.IsDns1123Label(parts[0]))
        {
            return $"invalid namespace \"{parts[0]}\" in host \"{value}\": expected \"*\", \".\", \"~\" or a namespace name";
        }

        return HostRules.HostError(parts[^1]);
    }
}
