using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>The signed-in user lives in the <c>end-user</c> cookie; productpage passes it on as the <c>end-user</c> header.</summary>
public static class EndUser
{
    public const string CookieName = "end-user";
    public const int MaxLength = 64;

    public static string? Get(HttpRequest request)
    {
        var user = request.Cookies[CookieName];
        return string.IsNullOrWhiteSpace(user) || user.Length > MaxLength ? null : user;
    }

    /// <summary>The headers to send downstream: the propagated ones, with <c>end-user</c> set to the signed-in user.</summary>
    public static Dictionary<string, string> OutgoingHeaders(HttpRequest request)
    {
        var headers = HeaderPropagation.From(request);
        if (Get(request) is { } user)
        {
            headers[HeaderPropagation.EndUser] = user;
        }

        return headers;
    }
}
