using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Mixer.Attributes;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Policy.Attributes;

/// <summary>Request or response headers as Mixer's STRING_MAP: names case-insensitive, several values joined by ','.</summary>
internal sealed class HeaderMap : IStringMap
{
    private IHeaderDictionary? _headers;

    public int Count => _headers?.Count ?? 0;

    public HeaderMap Bind(IHeaderDictionary? headers)
    {
        _headers = headers;
        return this;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (_headers is null || !_headers.TryGetValue(key, out var values) || values.Count == 0)
        {
            return false;
        }

        value = values.Count == 1 ? values[0] ?? "" : string.Join(',', values.ToArray());
        return true;
    }
}

/// <summary>The query string's parameters (the first value of each).</summary>
internal sealed class QueryMap : IStringMap
{
    private IQueryCollection? _query;

    public int Count => _query?.Count ?? 0;

    public QueryMap Bind(IQueryCollection? query)
    {
        _query = query;
        return this;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (_query is null || !_query.TryGetValue(key, out var values) || values.Count == 0)
        {
            return false;
        }

        value = values[0] ?? "";
        return true;
    }
}

/// <summary>A workload's labels.</summary>
internal sealed class LabelMap(ValueMap<string, string> labels) : IStringMap
{
    private ValueMap<string, string> _labels = labels;

    public LabelMap()
        : this(ValueMap<string, string>.Empty)
    {
    }

    public int Count => _labels.Count;

    public LabelMap Bind(ValueMap<string, string> labels)
    {
        _labels = labels;
        return this;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _labels.TryGetValue(key, out value);
}
