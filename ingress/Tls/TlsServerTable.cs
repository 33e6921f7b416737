using GatewayMesh.Core.Collections;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// The HTTPS servers being served, found by the SNI a client sends: an exact host, else the longest
/// <c>*.suffix</c>, else <c>*</c> (also the answer when the client sends no SNI). The first server in resource order
/// claims a host. Immutable; replaced whole on every reload.
/// </summary>
internal sealed class TlsServerTable
{
    private readonly Dictionary<string, TlsServerEntry> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Suffix, TlsServerEntry Entry)> _wildcards = [];
    private readonly TlsServerEntry? _any;

    public TlsServerTable(ValueList<TlsServerEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            foreach (var host in entry.Server.Hosts)
            {
                if (host == "*")
                {
                    _any ??= entry;
                }
                else if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    if (!_wildcards.Exists(w => string.Equals(w.Suffix, host[1..], StringComparison.OrdinalIgnoreCase)))
                    {
                        _wildcards.Add((host[1..], entry));
                    }
                }
                else
                {
                    _exact.TryAdd(host, entry);
                }
            }
        }

        _wildcards.Sort((a, b) => b.Suffix.Length.CompareTo(a.Suffix.Length));
    }

    public static TlsServerTable Empty { get; } = new(ValueList<TlsServerEntry>.Empty);

    public ValueList<TlsServerEntry> Entries { get; }

    public TlsServerEntry? Find(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return _any;
        }

        var name = serverName.TrimEnd('.');
        if (_exact.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (suffix, entry) in _wildcards)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        return _any;
    }
}
