namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// Finds the virtual host for an authority without allocating: exact domains first, then the longest matching
/// <c>*.suffix</c> wildcard, then <c>*</c>. The port of the authority is ignored; names compare case-insensitively.
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
        var host = StripPort(authority.AsSpan()).TrimEnd('.');
        if (_exact.TryGetValue(host, out var found))
        {
            return found;
        }

        foreach (var (suffix, candidate) in _wildcards)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return _catchAll;
    }

    /// <summary><c>host:port</c> to <c>host</c>; <c>[v6]:port</c> to <c>[v6]</c>.</summary>
    internal static ReadOnlySpan<char> StripPort(ReadOnlySpan<char> authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && authority.LastIndexOf(']') < colon ? authority[..colon] : authority;
    }
}
