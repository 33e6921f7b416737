using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// <c>redirect</c>: answer <see cref="Code"/> (301 unless set) with a Location built from the request, replacing the
/// path (<see cref="Uri"/>, or only the matched prefix with <see cref="PrefixRewrite"/>), authority, scheme and port.
/// </summary>
public sealed record RedirectAction(
    string? Uri,
    string? PrefixRewrite,
    string? Authority,
    string? Scheme,
    int? Port,
    RedirectPortSelection? DerivePort,
    int Code) : RouteAction
{
    public const int DefaultCode = 301;

    /// <summary>
    /// The absolute Location for <paramref name="request"/>. The port is <see cref="Port"/>, else the request's port
    /// with <c>FROM_REQUEST_PORT</c>, else none with <c>FROM_PROTOCOL_DEFAULT</c>; with none of them the original
    /// authority keeps its port unless <see cref="Authority"/> replaces it. A scheme's default port is never written.
    /// The query string is kept unless the new uri has its own.
    /// </summary>
    public string Location(in RequestView request, MatchBlock? matched)
    {
        var scheme = Scheme ?? request.Scheme;
        var host = Authority ?? (Port is null && DerivePort is null ? request.Authority : AuthorityHost.StripPort(request.Authority).ToString());
        int? port = Port ?? (DerivePort == RedirectPortSelection.FromRequestPort ? request.Port : null);
        var defaultPort = string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        var authority = port is { } p && p != defaultPort ? $"{host}:{p}" : host;
        var path = Uri ?? (PrefixRewrite is not null ? new RewriteAction(PrefixRewrite, null, null).RewritePath(request.Path, matched) : request.Path);
        var query = path.Contains('?', StringComparison.Ordinal) ? "" : request.QueryString ?? "";
        return $"{scheme}://{authority}{path}{query}";
    }
}
