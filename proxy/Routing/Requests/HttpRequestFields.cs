using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Reads headers and query parameters straight from an ASP.NET Core request.</summary>
internal sealed class HttpRequestFields(HttpRequest request) : IRequestFields
{
    public string? Header(string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public string? QueryParam(string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
