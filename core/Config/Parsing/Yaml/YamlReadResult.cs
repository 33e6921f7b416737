namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>A problem found while reading a YAML stream, before any binding; <see cref="DocumentNumber"/> is 1-based.</summary>
internal sealed record YamlReadError(int DocumentNumber, string Message);

/// <summary>The non-empty documents read from a stream, and the errors of the documents that could not be read.</summary>
internal sealed record YamlReadResult(IReadOnlyList<YamlDocument> Documents, IReadOnlyList<YamlReadError> Errors);
