using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// One Gateway server the HTTPS listener terminates: its SNI host names (the <c>namespace/</c> part of a
/// <c>hosts</c> entry dropped), its TLS settings, and where it was written (<c>Gateway ns/name spec.servers[i].tls</c>)
/// so every error names the field.
/// </summary>
internal sealed record GatewayTlsServer(string Gateway, int Index, ValueList<string> Hosts, ServerTlsSettings Tls)
{
    public string FieldPath => $"spec.servers[{Index}].tls";

    /// <summary>"Gateway ns/name spec.servers[i].tls.field", for messages.</summary>
    public string Field(string field) => $"Gateway {Gateway} {FieldPath}.{field}";

    /// <summary>The servers of the selected Gateways that the HTTPS listener serves, in resource order.</summary>
    public static IReadOnlyList<GatewayTlsServer> Select(MeshSnapshot snapshot, ProxyIdentity proxy)
    {
        var servers = new List<GatewayTlsServer>();
        foreach (var gateway in snapshot.Configs.Values.OfType<Gateway>().Where(g => Selects(g, proxy)))
        {
            for (var i = 0; i < gateway.Spec.Servers.Count; i++)
            {
                var server = gateway.Spec.Servers[i];
                if (GatewayServerListener.Of(server) == GatewayListener.Https)
                {
                    var hosts = server.Hosts.Select(HostPart).Distinct(StringComparer.Ordinal).ToValueList();
                    servers.Add(new GatewayTlsServer($"{gateway.Metadata.Namespace}/{gateway.Metadata.Name}", i, hosts, server.Tls!));
                }
            }
        }

        return servers;
    }

    private static bool Selects(Gateway gateway, ProxyIdentity proxy) =>
        gateway.Spec.Selector.All(s => proxy.Labels.TryGetValue(s.Key, out var value) && value == s.Value);

    private static string HostPart(string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        return MeshHosts.Normalize(slash < 0 ? entry : entry[(slash + 1)..]);
    }
}
