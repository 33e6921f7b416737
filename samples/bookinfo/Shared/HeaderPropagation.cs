namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>
/// The headers every Bookinfo service copies from the request it is serving onto the calls it makes, so that routing
/// by user (<c>end-user</c>, and Istio 0.x's <c>user</c> cookie) and tracing (W3C and B3) work across hops.
/// </summary>
public static class HeaderPropagation
{
    public const string EndUser = "end-user";

    /// <summary>The cookie Istio's Bookinfo kept the user in; 0.x routing rules match <c>Cookie: user=NAME</c> on every hop.</summary>
    public const string UserCookie = "user";

    public static readonly IReadOnlyList<string> Headers =
    [
        EndUser,
        "x-request-id",
        "traceparent",
        "tracestate",
        "b3",
        "x-b3-traceid",
        "x-b3-spanid",
        "x-b3-parentspanid",
        "x-b3-sampled",
        "x-b3-flags",
    ];

    /// <summary>The propagated headers of <paramref name="incoming"/> that are present.</summary>
    public static Dictionary<string, string> From(HttpRequest incoming)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Headers)
        {
            var value = incoming.Headers[name].ToString();
            if (value.Length > 0)
            {
                result[name] = value;
            }
        }

        // Only the user cookie travels, never the caller's other cookies.
        if (incoming.Cookies[UserCookie] is { Length: > 0 } user)
        {
            result["cookie"] = $"{UserCookie}={Uri.EscapeDataString(user)}";
        }

        return result;
    }

    public static void CopyTo(IReadOnlyDictionary<string, string> headers, HttpRequestMessage outgoing)
    {
        foreach (var (name, value) in headers)
        {
            outgoing.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
