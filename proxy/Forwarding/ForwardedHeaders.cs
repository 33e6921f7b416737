using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// The proxy's own request headers: <c>x-request-id</c> (a new GUID when the client sent none), and
/// <c>x-forwarded-for</c> (the client address appended to what came in), <c>x-forwarded-proto</c> and
/// <c>x-forwarded-host</c> (the scheme and Host the client used), each written once.
/// </summary>
internal static class ForwardedHeaders
{
    public const string RequestId = "x-request-id";
    public const string ForwardedFor = "x-forwarded-for";
    public const string ForwardedProto = "x-forwarded-proto";
    public const string ForwardedHost = "x-forwarded-host";

    /// <summary>Adds <c>x-request-id</c> to the incoming request when absent, so routing, logs and mirrors see the same id.</summary>
    public static void EnsureRequestId(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Headers[RequestId]))
        {
            request.Headers[RequestId] = RequestIds.New();
        }
    }

    public static void Apply(HttpContext context, HttpRequestMessage proxyRequest)
    {
        var request = context.Request;
        var client = context.Connection.RemoteIpAddress;
        var prior = request.Headers[ForwardedFor].ToString();
        var clientText = client is null ? null : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
        var forwardedFor = clientText is null ? prior : prior.Length == 0 ? clientText : $"{prior}, {clientText}";

        Replace(proxyRequest, ForwardedFor, forwardedFor.Length == 0 ? null : forwardedFor);
        Replace(proxyRequest, ForwardedProto, request.Scheme);
        Replace(proxyRequest, ForwardedHost, request.Host.HasValue ? request.Host.Value : null);
    }

    private static void Replace(HttpRequestMessage proxyRequest, string name, string? value)
    {
        proxyRequest.Headers.Remove(name);
        if (value is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
