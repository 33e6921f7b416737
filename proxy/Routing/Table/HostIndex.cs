using GatewayMesh.Core.Config.Sidecars;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// Finds the virtual host for an authority without allocating: exact domains first, then the longest matching
/// <c>*.suffix</c> wildcard, then <c>*</c>; names compare case-insensitively. The port of the authority (80 when it has
/// none) matters only for a virtual host with <see cref="VirtualHostRoutes.EgressPorts"/>: on a port its Sidecar does
/// not import it on, the host is skipped as if absent.
/// </summary>
internal sealed class HostIndex
{
    private readonly Dictionary<string, VirtualHostRoutes>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly (string Suffix, VirtualHostRoutes Host)[] _wildcards;
    private readonly VirtualHostRoutes? _catchAll;

    public HostIndex(IEnumerable<VirtualHostRoutes> hosts)
    {
        var exact = new Dictionary<string, VirtualHostRoutes>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<(string, VirtualHostRoutes)>();
        foreach (var host in hosts)
        {
            foreach (var domain in host.Domains)
            {
                if (domain == "*")
                {
                    _catchAll ??= host;
                }
                else if (domain.StartsWith("*.", StringComparison.Ordinal))
                {
                    wildcards.Add((domain[1..], host));
                }
                else
                {
                    exact.TryAdd(domain, host);
                }
            }
        }

        _exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcards = [.. wildcards.OrderByDescending(w => w.Item1.Length)]; // stable: first claim wins a tie
    }

    public VirtualHostRoutes? Find(string authority)
    {
        var host = AuthorityHost.StripPort(authority.AsSpan()).TrimEnd('.');
        if (_exact.TryGetValue(host, out var found) && OnPort(found, authority))
        {
            return found;
        }

        foreach (var (suffix, candidate) in _wildcards)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && OnPort(candidate, authority))
            {
                return candidate;
            }
        }

        return _catchAll is not null && OnPort(_catchAll, authority) ? _catchAll : null;
    }

    private static bool OnPort(VirtualHostRoutes host, string authority) =>
        host.EgressPorts is not { } ports || ports.Allows(PortOf(authority.AsSpan()));

    /// <summary>The port of <c>host:port</c> or <c>[v6]:port</c>; <see cref="EgressPorts.DefaultPort"/> when there is none (or it is not a number).</summary>
    internal static int PortOf(ReadOnlySpan<char> authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && authority.LastIndexOf(']') < colon
            && int.TryParse(authority[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? port
            : EgressPorts.DefaultPort;
    }
}
