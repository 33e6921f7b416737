using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;
namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>HTTPRedirect</c>: answers with a redirect instead of forwarding.</summary>
public sealed record HttpRedirect
{
    public string? Uri { get; init; }

    public string? Authority { get; init; }

    /// <summary>A fixed redirect port; exclusive with <see cref="DerivePort"/>.</summary>
    public int? Port { get; init; }

    public RedirectPortSelection? DerivePort { get; init; }

    public string? Scheme { get; init; }

    public int? RedirectCode { get; init; }

    public string? PrefixRewrite { get; init; }
}

/// <summary>Istio's <c>HTTPRedirect.RedirectPortSelection</c>: where a redirect takes its port from.</summary>
[JsonConverter(typeof(MeshEnumConverter<RedirectPortSelection>))]
public enum RedirectPortSelection
{
    FromProtocolDefault = 0,
    FromRequestPort = 1,
}

/// <summary>Istio's <c>HTTPDirectResponse</c>: answers with a fixed status and body instead of forwarding.</summary>
public sealed record HttpDirectResponse
{
    public int? Status { get; init; }

    public HttpBody? Body { get; init; }
}

/// <summary>Istio's <c>HTTPBody</c>: a response body as text or as base64-encoded bytes.</summary>
public sealed record HttpBody
{
    public string? String { get; init; }

    /// <summary>The body bytes in base64, as written in YAML.</summary>
    public string? Bytes { get; init; }
}

/// <summary>Istio's <c>HTTPRewrite</c>: rewrites the path and/or authority before forwarding.</summary>
public sealed record HttpRewrite
{
    public string? Uri { get; init; }

    public string? Authority { get; init; }

    public RegexRewrite? UriRegexRewrite { get; init; }
}

/// <summary>Istio's <c>RegexRewrite</c>: an RE2 pattern and its replacement.</summary>
public sealed record RegexRewrite
{
    public string? Match { get; init; }

    public string? Rewrite { get; init; }
}
