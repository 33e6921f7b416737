namespace GatewayMesh.Proxy.Routing;

/// <summary>Request headers and query parameters held in dictionaries: for tests and for callers without an HttpRequest.</summary>
public sealed class RequestFields : IRequestFields
{
    private readonly Dictionary<string, string> _headers;
    private readonly Dictionary<string, string> _query;

    public RequestFields(IEnumerable<KeyValuePair<string, string>>? headers = null, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        _headers = new Dictionary<string, string>(headers ?? [], StringComparer.OrdinalIgnoreCase);
        _query = new Dictionary<string, string>(query ?? [], StringComparer.Ordinal);
    }

    public static RequestFields None { get; } = new();

    public string? Header(string name) => _headers.GetValueOrDefault(name);

    public string? QueryParam(string name) => _query.GetValueOrDefault(name);
}
