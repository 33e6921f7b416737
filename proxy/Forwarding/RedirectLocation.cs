using System.Text;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// Builds the Location of a <see cref="RedirectAction"/> from the request: scheme, authority and port replaced where
/// the redirect says, the path replaced whole (<c>uri</c>) or in its matched prefix (<c>prefixRewrite</c>); the query
/// is kept unless the new path brings its own.
/// </summary>
internal static class RedirectLocation
{
    public static string Build(RedirectAction redirect, HttpRequest request, MatchBlock? matched)
    {
        var scheme = redirect.Scheme ?? request.Scheme;
        var host = redirect.Authority ?? request.Host.Host;
        var port = redirect.Port ?? (redirect.DerivePort, redirect.Scheme) switch
        {
            (RedirectPortSelection.FromRequestPort, _) => request.Host.Port,
            (RedirectPortSelection.FromProtocolDefault, _) => null,
            (null, null) => request.Host.Port, // the scheme stays: so does the port the client used
            _ => null, // a new scheme gets its default port
        };
        if (port is not null)
        {
            host = HostOnly(host);
        }

        var path = request.Path.Value ?? "/";
        if (redirect.Uri is not null)
        {
            path = redirect.Uri;
        }
        else if (redirect.PrefixRewrite is not null && matched?.Uri is { } uri)
        {
            path = string.Concat(redirect.PrefixRewrite, path.AsSpan(Math.Min(uri.MatchedLength(path), path.Length)));
        }

        var location = new StringBuilder().Append(scheme).Append("://").Append(host);
        if (port is { } p && !IsDefaultPort(scheme, p))
        {
            location.Append(':').Append(p);
        }

        location.Append(path);
        if (!path.Contains('?', StringComparison.Ordinal) && request.QueryString.HasValue)
        {
            location.Append(request.QueryString.Value);
        }

        return location.ToString();
    }

    private static string HostOnly(string authority) => HostIndex.StripPort(authority.AsSpan()).ToString();

    private static bool IsDefaultPort(string scheme, int port) =>
        (port == 80 && scheme.Equals("http", StringComparison.OrdinalIgnoreCase)) ||
        (port == 443 && scheme.Equals("https", StringComparison.OrdinalIgnoreCase));
}
