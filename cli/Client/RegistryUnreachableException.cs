namespace GatewayMesh.Cli.Client;

/// <summary>No HTTP answer at all: connection refused, unknown host, or a timeout.</summary>
internal sealed class RegistryUnreachableException(string message, IReadOnlyList<string>? details = null)
    : CliException(message, details);
