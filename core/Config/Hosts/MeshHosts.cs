namespace GatewayMesh.Core.Config.Hosts;

/// <summary>
/// Host name forms: <c>reviews</c> (in the referring resource's namespace), <c>reviews.default</c>,
/// <c>reviews.default.svc</c> and <c>reviews.default.svc.cluster.local</c> all name the service reviews in default.
/// Any other name is an external host, compared as written (lower-cased). "*" and "*." wildcards match by suffix.
/// </summary>
public static class MeshHosts
{
    public const string ClusterDomain = "cluster.local";

    /// <summary>Lower-case, without surrounding spaces or a trailing dot.</summary>
    public static string Normalize(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>Reads <paramref name="host"/> as a registry service, resolving a short name in <paramref name="defaultNamespace"/>.</summary>
    public static bool TryGetService(string host, string defaultNamespace, out ServiceName service)
    {
        service = default;
        var labels = Normalize(host).Split('.');
        if (labels.Any(l => l.Length == 0 || l.Contains('*', StringComparison.Ordinal)))
        {
            return false;
        }

        var isService = labels.Length switch
        {
            1 or 2 => true,
            3 => labels[2] == "svc",
            5 => $"{labels[2]}.{labels[3]}.{labels[4]}" == $"svc.{ClusterDomain}",
            _ => false,
        };
        if (isService)
        {
            service = new ServiceName(labels[0], labels.Length == 1 ? defaultNamespace : labels[1]);
        }

        return isService;
    }

    /// <summary>The fully qualified form: a service's cluster name, else the normalized host.</summary>
    public static string ToFqdn(string host, string defaultNamespace) =>
        TryGetService(host, defaultNamespace, out var service) ? service.Fqdn : Normalize(host);

    /// <summary>
    /// Whether <paramref name="pattern"/> covers <paramref name="host"/>: equal, "*", or a "*.suffix" the host ends with.
    /// A wildcard host is covered by a pattern whose suffix covers its own (<c>*.foo.com</c> covers <c>*.bar.foo.com</c>).
    /// </summary>
    public static bool Matches(string pattern, string host)
    {
        pattern = Normalize(pattern);
        host = Normalize(host);
        if (pattern == "*" || pattern == host)
        {
            return true;
        }

        if (!IsWildcard(pattern))
        {
            return false;
        }

        var suffix = pattern[1..];
        var hostBody = IsWildcard(host) ? host[1..] : host;
        return hostBody.EndsWith(suffix, StringComparison.Ordinal) && (hostBody.Length > suffix.Length || IsWildcard(host));
    }

    /// <summary>Whether two hosts, each read in its own resource's namespace, name the same thing.</summary>
    public static bool SameHost(string a, string aNamespace, string b, string bNamespace) =>
        ToFqdn(a, aNamespace) == ToFqdn(b, bNamespace);
}
