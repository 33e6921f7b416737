namespace GatewayMesh.Ca.Authority;

/// <summary>The CA cannot start (or reload) from its files: the message says which file and what to do.</summary>
public sealed class CaStartupException(string message, Exception? inner = null) : Exception(message, inner);
