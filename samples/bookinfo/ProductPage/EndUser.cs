using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>
/// The signed-in user lives in the <c>end-user</c> cookie and, as Istio's productpage keeps it, the <c>user</c> cookie;
/// productpage passes it on as the <c>end-user</c> header (today's Bookinfo rules) and as <c>Cookie: user=NAME</c>
/// (Istio 0.x Bookinfo rules match the cookie), so routing rules of either era work unchanged.
/// </summary>
public static class EndUser
{
    public const string CookieName = "end-user";
    public const string IstioCookieName = HeaderPropagation.UserCookie;
    public const int MaxLength = 64;

    public static string? Get(HttpRequest request)
    {
        var user = request.Cookies[CookieName] ?? request.Cookies[IstioCookieName];
        return string.IsNullOrWhiteSpace(user) || user.Length > MaxLength ? null : user;
    }

    /// <summary>The headers to send downstream: the propagated ones, with <c>end-user</c> and the <c>user</c> cookie set to the signed-in user.</summary>
    public static Dictionary<string, string> OutgoingHeaders(HttpRequest request)
    {
        var headers = HeaderPropagation.From(request);
        if (Get(request) is { } user)
        {
            headers[HeaderPropagation.EndUser] = user;
            headers["cookie"] = $"{IstioCookieName}={Uri.EscapeDataString(user)}";
        }

        return headers;
    }
}
