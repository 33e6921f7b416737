using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Parsing;

/// <summary>Resources bound from one input, and every error found; a document with errors yields no resource.</summary>
public sealed record ConfigParseResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Limits that keep hostile input cheap to reject.</summary>
public sealed record ParseLimits
{
    public static ParseLimits Default { get; } = new();

    public int MaxInputBytes { get; init; } = 1024 * 1024;

    public int MaxDepth { get; init; } = 64;

    /// <summary>Total nodes after alias expansion, across all documents (stops "billion laughs").</summary>
    public int MaxNodes { get; init; } = 200_000;

    public int MaxDocuments { get; init; } = 1_000;

    public int MaxScalarLength { get; init; } = 256 * 1024;
}

/// <summary>Parses multi-document YAML (or JSON) holding Istio resources into the typed model.</summary>
public static class ConfigParser
{
    /// <summary>
    /// Parses every document of <paramref name="text"/>; never throws. <paramref name="sourceName"/> (e.g. a file name)
    /// prefixes "document N" in errors about documents whose kind and name are not known.
    /// </summary>
    public static ConfigParseResult Parse(string text, string? sourceName = null, ParseLimits? limits = null) =>
        ParseSession.Run(text, sourceName, limits ?? ParseLimits.Default);
}
