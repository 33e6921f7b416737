namespace GatewayMesh.Proxy.Routing;

/// <summary>Looks up a request's headers (case-insensitive names) and query parameters without copying them.</summary>
public interface IRequestFields
{
    /// <summary>The header's value (several values joined by ","), or null when the header is absent.</summary>
    string? Header(string name);

    /// <summary>The query parameter's first value, or null when it is absent.</summary>
    string? QueryParam(string name);
}
