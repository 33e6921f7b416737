namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>Stops reading a stream that breaks a <see cref="ParseLimits"/> limit; nothing after it is read.</summary>
internal sealed class YamlLimitExceededException(string message) : Exception(message);

/// <summary>Rejects one document whose content the reader does not support (unknown alias, custom tag, complex key).</summary>
internal sealed class YamlDocumentException(string message) : Exception(message);
