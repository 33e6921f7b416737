namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>One place a provider reads tokens from: a header (after its prefix), a query parameter or a cookie.</summary>
public sealed record JwtLocation(string? HeaderName, string? Prefix, string? QueryParameter, string? CookieName)
{
    /// <summary>A provider's locations; with none given, Istio's defaults: <c>Authorization: Bearer</c> and <c>access_token</c>.</summary>
    public static IEnumerable<JwtLocation> Of(JwtProvider provider)
    {
        var noneGiven = provider.FromHeaders.Count == 0 && provider.FromParams.Count == 0 && provider.FromCookies.Count == 0;
        var headers = noneGiven ? JwtProvider.DefaultHeaders : provider.FromHeaders;
        var parameters = noneGiven ? JwtProvider.DefaultParams : provider.FromParams;
        return headers.Where(h => h.Name is not null).Select(h => new JwtLocation(h.Name, h.Prefix, null, null))
            .Concat(parameters.Select(p => new JwtLocation(null, null, p, null)))
            .Concat(provider.FromCookies.Select(c => new JwtLocation(null, null, null, c)));
    }

    public string? Read(IJwtSource request)
    {
        if (HeaderName is not null)
        {
            var value = request.Header(HeaderName);
            if (value is null)
            {
                return null;
            }

            if (string.IsNullOrEmpty(Prefix))
            {
                return value.Trim();
            }

            return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value[Prefix.Length..].Trim() : null;
        }

        return QueryParameter is not null ? request.QueryParameter(QueryParameter) : request.Cookie(CookieName!);
    }
}
