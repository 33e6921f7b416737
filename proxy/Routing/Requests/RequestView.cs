using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// What route matching reads from a request, without HttpContext: method, scheme, authority (the Host as sent,
/// possibly with a port), the port the request arrived for, the path (no query), headers and query parameters,
/// and who sent it (source labels and namespace, for sidecars). <see cref="Gateway"/> is set by
/// <see cref="RouteTable.Match"/> from the virtual host it selects ("mesh" on a sidecar, "namespace/name" on the ingress).
/// </summary>
public readonly record struct RequestView(string Method, string Scheme, string Authority, int Port, string Path, IRequestFields Fields)
{
    /// <summary>The raw query string with its leading '?', or null; redirects keep it.</summary>
    public string? QueryString { get; init; }

    public ValueMap<string, string> SourceLabels { get; init; }

    public string? SourceNamespace { get; init; }

    public string? Gateway { get; init; }

    /// <summary>A view of a request built from plain values: for tests and for callers without an HttpRequest.</summary>
    public static RequestView Create(
        string method,
        string authority,
        string path,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        string scheme = "http",
        int port = 80) =>
        new(method, scheme, authority, port, path, headers is null && query is null ? RequestFields.None : new RequestFields(headers, query));
}
