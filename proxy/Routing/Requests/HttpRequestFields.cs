using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Reads headers and query parameters straight from an ASP.NET Core request; rebindable, so a pooled request context reuses one.</summary>
internal sealed class HttpRequestFields : IRequestFields
{
    private HttpRequest? _request;

    public HttpRequestFields(HttpRequest? request = null) => _request = request;

    public HttpRequest Request
    {
        get => _request ?? throw new InvalidOperationException("No request is bound.");
        set => _request = value;
    }

    public void Unbind() => _request = null;

    public string? Header(string name) =>
        Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public string? QueryParam(string name) =>
        Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
