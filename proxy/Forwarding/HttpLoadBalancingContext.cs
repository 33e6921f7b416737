using System.Net;
using GatewayMesh.Proxy.LoadBalancing;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>What a load balancer may read of one ASP.NET Core request: headers, cookies, query and the client address.</summary>
internal sealed class HttpLoadBalancingContext(HttpContext context) : LoadBalancingContext
{
    public override IPAddress? SourceAddress => context.Connection.RemoteIpAddress;

    public override string? GetHeader(string name) =>
        context.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public override string? GetCookie(string name) => context.Request.Cookies[name];

    public override string? GetQueryParameter(string name) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
