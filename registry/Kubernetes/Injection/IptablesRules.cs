using System.Globalization;
using System.Text;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// The <c>iptables-restore</c> input the init container installs in the pod's network namespace, as istio-init does:
/// inbound TCP to the sidecar's inbound port (except the sidecar's own health and metrics ports), outbound TCP to its
/// outbound port, except traffic of the sidecar's own UID/GID (so it can reach the real destination), to loopback, and
/// what the pod's annotations exclude (<see cref="TrafficExclusions"/>: ports and IPv4 ranges left uncaptured).
/// The sidecar recovers the original destination with <c>SO_ORIGINAL_DST</c>.
/// </summary>
internal static class IptablesRules
{
    public const int OutboundPort = 15001;
    public const int InboundPort = 15006;

    /// <param name="excluded">The pod's own exclusions; its inbound ports are added to <paramref name="inboundExcludedPorts"/>.</param>
    public static string Render(int proxyUid, IEnumerable<int> inboundExcludedPorts, TrafficExclusions? excluded = null)
    {
        excluded ??= TrafficExclusions.None;
        var uid = proxyUid.ToString(CultureInfo.InvariantCulture);
        var rules = new StringBuilder();
        rules.Append("*nat\n");
        rules.Append(":GATEWAYMESH_INBOUND - [0:0]\n:GATEWAYMESH_IN_REDIRECT - [0:0]\n:GATEWAYMESH_OUTPUT - [0:0]\n:GATEWAYMESH_REDIRECT - [0:0]\n");
        rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_IN_REDIRECT -p tcp -j REDIRECT --to-ports {InboundPort}\n");
        rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_REDIRECT -p tcp -j REDIRECT --to-ports {OutboundPort}\n");
        rules.Append("-A PREROUTING -p tcp -j GATEWAYMESH_INBOUND\n");
        foreach (var port in inboundExcludedPorts.Concat(excluded.InboundPorts).Distinct().Order())
        {
            rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_INBOUND -p tcp --dport {port} -j RETURN\n");
        }

        rules.Append("-A GATEWAYMESH_INBOUND -p tcp -j GATEWAYMESH_IN_REDIRECT\n");
        rules.Append("-A OUTPUT -p tcp -j GATEWAYMESH_OUTPUT\n");
        rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_OUTPUT -m owner --uid-owner {uid} -j RETURN\n");
        rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_OUTPUT -m owner --gid-owner {uid} -j RETURN\n");
        rules.Append("-A GATEWAYMESH_OUTPUT -d 127.0.0.1/32 -j RETURN\n");
        foreach (var port in excluded.OutboundPorts)
        {
            rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_OUTPUT -p tcp --dport {port} -j RETURN\n");
        }

        foreach (var cidr in excluded.OutboundCidrs)
        {
            rules.Append(CultureInfo.InvariantCulture, $"-A GATEWAYMESH_OUTPUT -d {cidr} -j RETURN\n");
        }

        rules.Append("-A GATEWAYMESH_OUTPUT -j GATEWAYMESH_REDIRECT\n");
        rules.Append("COMMIT\n");
        return rules.ToString();
    }
}
