using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// A copy of a bodiless request's method, version, address and headers, taken before it is first sent, so hedged
/// requests (which run at the same time as the original) each get their own <see cref="HttpRequestMessage"/>.
/// </summary>
internal sealed class RequestSnapshot
{
    private readonly HttpMethod _method;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private readonly Uri _uri;
    private readonly KeyValuePair<string, string[]>[] _headers;

    private RequestSnapshot(HttpRequestMessage request)
    {
        _method = request.Method;
        _version = request.Version;
        _versionPolicy = request.VersionPolicy;
        _uri = request.RequestUri!;
        _headers = request.Headers.NonValidated.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray())).ToArray();
    }

    public static RequestSnapshot Of(HttpRequestMessage request) => new(request);

    public HttpRequestMessage Create(Endpoint endpoint, string scheme)
    {
        var request = new HttpRequestMessage(_method, EndpointAddress.Retarget(_uri, endpoint, scheme)) { Version = _version, VersionPolicy = _versionPolicy };
        foreach (var (name, values) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        return request;
    }
}

/// <summary>Points a request address at another endpoint of the same cluster, keeping path and query; the scheme is that endpoint's (mTLS or not).</summary>
internal static class EndpointAddress
{
    public static Uri Retarget(Uri uri, Endpoint endpoint, string scheme) => new($"{scheme}://{endpoint}{uri.PathAndQuery}", UriKind.Absolute);
}
