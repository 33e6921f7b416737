using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Parsing;

/// <summary>
/// Resources bound from one input, and every error found; a document with errors yields no resource in
/// <see cref="Resources"/>. <see cref="Items"/> keeps every resource in document order, including those bound only in
/// part, so that validation (<c>ConfigValidator.Check</c>) can report their semantic errors in the same run.
/// </summary>
public sealed record ConfigParseResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Every document (or List item) in input order, with its resource when its kind and name could be read.</summary>
    public IReadOnlyList<ParsedItem> Items { get; init; } = [];

    /// <summary>Documents of kinds outside the mesh's API groups (a Kubernetes <c>Service</c>, <c>Deployment</c>, ...): not mesh config, not errors.</summary>
    public IReadOnlyList<SkippedDocument> Skipped { get; init; } = [];
}

/// <summary>
/// One document or List item as parsed. <see cref="Resource"/> is set when the kind and name could be read; when
/// <see cref="Errors"/> is not empty it is bound only in part (bad fields unset, bad list items replaced by empty
/// placeholders so indices stay stable) and must never be stored: it exists to be validated.
/// </summary>
public sealed record ParsedItem(string Label, ConfigResource? Resource, IReadOnlyList<ConfigError> Errors)
{
    public bool IsComplete => Resource is not null && Errors.Count == 0;

    /// <summary>The fields whose value could not be bound and were left unset (not unknown fields): what validation must not judge.</summary>
    public IReadOnlyList<string> UnboundPaths { get; init; } = [];
}

/// <summary>A document left out because it is not mesh config, e.g. <c>v1 Service default/reviews</c>.</summary>
public sealed record SkippedDocument(string Source, string ApiVersion, string Kind, string Namespace, string Name)
{
    public override string ToString() =>
        $"{Source}: {Kind} {(Namespace.Length == 0 ? "" : Namespace + "/")}{Name} ({ApiVersion}) skipped: not mesh config";
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
