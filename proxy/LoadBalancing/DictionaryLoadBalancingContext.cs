using System.Net;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>A context over plain maps (header names compared case-insensitively); for tests and simple callers.</summary>
public sealed class DictionaryLoadBalancingContext : LoadBalancingContext
{
    private readonly Dictionary<string, string> _headers;
    private readonly Dictionary<string, string> _cookies;
    private readonly Dictionary<string, string> _query;
    private readonly IPAddress? _sourceAddress;

    public DictionaryLoadBalancingContext(
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IEnumerable<KeyValuePair<string, string>>? cookies = null,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        IPAddress? sourceAddress = null)
    {
        _headers = new(headers ?? [], StringComparer.OrdinalIgnoreCase);
        _cookies = new(cookies ?? [], StringComparer.Ordinal);
        _query = new(query ?? [], StringComparer.Ordinal);
        _sourceAddress = sourceAddress;
    }

    public override IPAddress? SourceAddress => _sourceAddress;

    public override string? GetHeader(string name) => _headers.GetValueOrDefault(name);

    public override string? GetCookie(string name) => _cookies.GetValueOrDefault(name);

    public override string? GetQueryParameter(string name) => _query.GetValueOrDefault(name);
}
