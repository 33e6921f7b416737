using System.Net;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Settings;

/// <summary>
/// Which identities may have which DNS names or IP addresses added to their certificate (<c>--dns-san-grants
/// "spiffe://td/ns/istio-system/sa/gatewaymesh-registry=gatewaymesh-registry.istio-system.svc,other;..."</c>). Nothing is
/// granted by default: a workload certificate carries only its SPIFFE ID.
/// </summary>
public sealed class DnsNameGrants
{
    private readonly Dictionary<SpiffeId, HashSet<string>> _grants = [];

    public static DnsNameGrants Empty { get; } = new();

    public static DnsNameGrants Parse(string? text)
    {
        var grants = new DnsNameGrants();
        foreach (var entry in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.LastIndexOf('=');
            if (separator <= 0 || !SpiffeId.TryParse(entry[..separator], out var identity, out var error))
            {
                throw new InvalidOperationException($"--dns-san-grants: '{entry}' is not IDENTITY=name[,name]");
            }

            var names = entry[(separator + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0)
            {
                throw new InvalidOperationException($"--dns-san-grants: '{entry}' grants no name");
            }

            grants._grants[identity!] = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        }

        return grants;
    }

    /// <summary>The first requested name not granted to <paramref name="identity"/>, or null when all are.</summary>
    public string? FirstRefused(SpiffeId identity, IEnumerable<string> names)
    {
        var granted = _grants.GetValueOrDefault(identity);
        return names.FirstOrDefault(n => granted?.Contains(n) != true);
    }

    public static bool IsIpAddress(string name) => IPAddress.TryParse(name, out _);
}
