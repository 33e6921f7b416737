namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>StringMatch</c>: exactly one of an exact value, a prefix or an RE2 regex.</summary>
public sealed record StringMatch
{
    public string? Exact { get; init; }

    public string? Prefix { get; init; }

    public string? Regex { get; init; }
}
