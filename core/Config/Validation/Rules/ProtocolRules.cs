namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>The port protocols the mesh supports, named case-insensitively as Istio does.</summary>
internal static class ProtocolRules
{
    public static readonly IReadOnlyList<string> Supported = ["HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO", "TCP", "TLS"];

    private static readonly string SupportedList = string.Join(", ", Supported);

    public static bool IsSupported(string protocol) => Supported.Contains(protocol, StringComparer.OrdinalIgnoreCase);

    public static bool Is(string? protocol, string name) => string.Equals(protocol, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Requires a supported protocol at <paramref name="path"/>.</summary>
    public static void Validate(ValidationContext context, string path, string? protocol)
    {
        if (string.IsNullOrEmpty(protocol))
        {
            context.Add(path, $"protocol is required; expected one of {SupportedList}");
        }
        else if (!IsSupported(protocol))
        {
            context.Add(path, $"unsupported protocol \"{protocol}\"; expected one of {SupportedList}");
        }
    }
}
