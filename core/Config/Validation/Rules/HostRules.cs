using System.Net;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Host name syntax as Istio accepts it: short names, FQDNs, "*" and "*." prefix wildcards; no schemes or ports.</summary>
internal static class HostRules
{
    private const int MaxHostLength = 255;

    /// <summary>Returns why <paramref name="host"/> is not a valid host, or null when it is.</summary>
    public static string? HostError(string? host, bool allowStar = true)
    {
        if (string.IsNullOrEmpty(host))
        {
            return "host must not be empty";
        }

        if (host.Contains("://", StringComparison.Ordinal))
        {
            return $"invalid host \"{host}\": must not include a scheme";
        }

        if (IPAddress.TryParse(host, out _))
        {
            return null;
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"invalid host \"{host}\": must not include a port";
        }

        if (host.Contains('/', StringComparison.Ordinal))
        {
            return $"invalid host \"{host}\": must not include a path or a namespace";
        }

        if (host == "*")
        {
            return allowStar ? null : "host \"*\" is not allowed here; name the hosts or use a \"*.\" wildcard";
        }

        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (name.Contains('*', StringComparison.Ordinal))
        {
            return $"invalid host \"{host}\": '*' is only allowed alone or as the first label (\"*.example.com\")";
        }

        if (host.Length > MaxHostLength || !name.Split('.').All(NameRules.IsHostLabel))
        {
            return $"invalid host \"{host}\": expected a DNS name (labels of letters, digits and '-', separated by '.'), optionally starting with \"*.\"";
        }

        return null;
    }

    /// <summary>Validates a list of hosts, requiring at least one.</summary>
    public static void ValidateHostList(ValidationContext context, string path, IReadOnlyList<string> hosts, bool allowStar = true)
    {
        if (hosts.Count == 0)
        {
            context.Add(path, "at least one host is required");
            return;
        }

        for (var i = 0; i < hosts.Count; i++)
        {
            if (HostError(hosts[i], allowStar) is { } error)
            {
                context.Add($"{path}[{i}]", error);
            }
        }
    }
}
