using System.Net;
using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>What a load balancer may read of the current request: headers, cookies, query and the client address. One per pooled <see cref="ProxyRequest"/>.</summary>
public sealed class RequestBalancingContext : LoadBalancingContext
{
    private readonly ProxyRequest _request;

    internal RequestBalancingContext(ProxyRequest request) => _request = request;

    public override IPAddress? SourceAddress => _request.Http.Connection.RemoteIpAddress;

    public override string? GetHeader(string name) =>
        _request.Http.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public override string? GetCookie(string name) => _request.Http.Request.Cookies[name];

    public override string? GetQueryParameter(string name) =>
        _request.Http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
