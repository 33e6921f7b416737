using GatewayMesh.Proxy.Security.Authentication;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>An HTTP request as JWT authentication reads it; a header given several times reads as its first value.</summary>
internal readonly struct HttpJwtSource(HttpRequest request) : IJwtSource
{
    public string? Header(string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }

    public string? QueryParameter(string name)
    {
        var values = request.Query[name];
        return values.Count == 0 ? null : values[0];
    }

    public string? Cookie(string name) => request.Cookies[name];
}
