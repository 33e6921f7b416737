using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// How Istio 0.x named services: <c>service</c> is already fully qualified; <c>name</c> is read in <c>namespace</c>
/// (else the rule's namespace) and <c>domain</c> (else cluster.local), as Pilot 0.x resolved it.
/// </summary>
public static class LegacyHosts
{
    public const string DefaultDomain = "cluster.local";

    public static string Fqdn(IstioService service, string ruleNamespace) =>
        !string.IsNullOrEmpty(service.Service)
            ? service.Service.ToLowerInvariant()
            : $"{service.Name}.{(string.IsNullOrEmpty(service.Namespace) ? ruleNamespace : service.Namespace)}.svc.{(string.IsNullOrEmpty(service.Domain) ? DefaultDomain : service.Domain)}".ToLowerInvariant();

    /// <summary>
    /// The subset name for a version's labels, as the converter names it: sorted <c>key-value</c> pairs joined by
    /// <c>-</c>, lower-cased, anything outside a DNS-1123 label replaced by <c>-</c> (<c>version: v1</c> is
    /// <c>version-v1</c>). Null for no labels (the whole service).
    /// </summary>
    public static string? SubsetName(ValueMap<string, string> labels)
    {
        if (labels.IsEmpty)
        {
            return null;
        }

        var text = string.Join("-", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}-{l.Value}")).ToLowerInvariant();
        var chars = text.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray();
        var name = new string(chars).Trim('-');
        if (name.Length > 63)
        {
            var hash = System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(text));
            name = $"{name[..54].TrimEnd('-')}-{hash:x8}";
        }

        return name.Length == 0 ? "labels" : name;
    }

    /// <summary>A resource name for a host: the service's short name for cluster hosts, the host itself (wildcards spelt out) otherwise.</summary>
    public static string ResourceName(string fqdn)
    {
        var svc = fqdn.IndexOf(".svc.", StringComparison.Ordinal);
        var name = svc > 0 ? fqdn[..fqdn.IndexOf('.', StringComparison.Ordinal)] : fqdn.Replace("*", "wildcard", StringComparison.Ordinal).Replace('/', '-');
        return name.Trim('.', '-');
    }

    /// <summary>The namespace of a cluster host (<c>reviews.default.svc.cluster.local</c> is in <c>default</c>), else the fallback.</summary>
    public static string NamespaceOf(string fqdn, string fallback)
    {
        var parts = fqdn.Split('.');
        return parts.Length >= 3 && parts[2] == "svc" ? parts[1] : fallback;
    }
}
