namespace GatewayMesh.Proxy.Routing;

/// <summary>The host part of a request's authority, for redirects and the virtual-host lookup.</summary>
internal static class AuthorityHost
{
    /// <summary><c>host:port</c> to <c>host</c>; <c>[v6]:port</c> to <c>[v6]</c>.</summary>
    public static ReadOnlySpan<char> StripPort(ReadOnlySpan<char> authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && authority.LastIndexOf(']') < colon ? authority[..colon] : authority;
    }
}
