namespace GatewayMesh.Sidecar.Dapr.Configuration;

/// <summary>One configuration value and its version, from daprd's <c>value||version</c> string layout.</summary>
public sealed record ConfigurationValue(string Value, string Version)
{
    public const string Separator = "||";

    /// <summary>Splits at the first <c>||</c>, as daprd does: text after a second separator is dropped.</summary>
    public static ConfigurationValue Parse(string stored)
    {
        var parts = stored.Split(Separator);
        return new ConfigurationValue(parts[0], parts.Length > 1 ? parts[1] : "");
    }
}
