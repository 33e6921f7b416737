using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>
/// Egress listeners: at most one without a port, and it comes last; ports unique; each lists hosts as
/// <c>namespace/dnsName</c>, where the namespace is <c>*</c>, <c>.</c> (the Sidecar's), <c>~</c> (none) or a name, and
/// the name is <c>*</c>, a <c>*.</c> wildcard or a host.
/// </summary>
internal static class SidecarEgressValidator
{
    public static void Validate(ValidationContext context, Model.Sidecar resource)
    {
        var egress = resource.Spec.Egress;
        var ports = new Dictionary<int, int>();
        var catchAll = -1;
        for (var i = 0; i < egress.Count; i++)
        {
            var listener = egress[i];
            var path = $"spec.egress[{i}]";
            if (listener.Port is not { } port)
            {
                if (catchAll >= 0)
                {
                    context.Add(path, $"only one egress listener may leave out the port; spec.egress[{catchAll}] already does");
                }
                else if (i != egress.Count - 1)
                {
                    context.Add(path, "the egress listener without a port must be the last one");
                }

                catchAll = catchAll < 0 ? i : catchAll;
            }
            else
            {
                SidecarPortRules.Validate(context, path, port, listener.Bind, allowUnixSocket: true);
                if (port.Number is { } number and > 0 && !ports.TryAdd(number, i))
                {
                    context.Add($"{path}.port.number", $"port {number} is already used by spec.egress[{ports[number]}]");
                }
            }

            Hosts(context, $"{path}.hosts", listener.Hosts);
        }
    }

    private static void Hosts(ValidationContext context, string path, IReadOnlyList<string> hosts)
    {
        if (hosts.Count == 0)
        {
            context.Add(path, "at least one host is required (namespace/dnsName, e.g. \"./*\" or \"istio-system/*\")");
            return;
        }

        for (var h = 0; h < hosts.Count; h++)
        {
            if (HostError(hosts[h]) is { } error)
            {
                context.Add($"{path}[{h}]", error);
            }
        }
    }

    private static string? HostError(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || value.IndexOf('/', slash + 1) >= 0)
        {
            return $"invalid host \"{value}\": expected \"namespace/dnsName\" (e.g. \"./*\", \"*/reviews.default.svc.cluster.local\")";
        }

        var ns = value[..slash];
        if (ns is not ("*" or "." or "~") && !NameRules.IsDns1123Label(ns))
        {
            return $"invalid namespace \"{ns}\" in host \"{value}\": expected \"*\", \".\", \"~\" or a namespace name";
        }

        return HostRules.HostError(value[(slash + 1)..]);
    }
}
