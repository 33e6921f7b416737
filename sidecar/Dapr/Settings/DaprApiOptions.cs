using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Sidecar.Dapr.Settings;

/// <summary>
/// The Dapr API's settings, from the <c>Dapr</c> configuration section (<c>--app-id</c>, <c>--dapr-http-port</c>,
/// <c>--dapr-grpc-port</c>, <c>--dapr-api-token-file</c>, <c>--app-api-token-file</c>, <c>--dapr-resources-path</c>,
/// <c>--dapr-secrets-dir</c>) and the sidecar's own (namespace, app port). Tokens are read from owner-only files, never
/// from the command line.
/// </summary>
public sealed class DaprApiOptions : IValidatedSettings
{
    public const string SectionName = "Dapr";

    /// <summary>The sidecar's command-line switches of the Dapr API, onto this section (daprd's names, not the kebab-case rule).</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--app-id"] = "Dapr:AppId",
        ["--dapr-http-port"] = "Dapr:HttpPort",
        ["--dapr-grpc-port"] = "Dapr:GrpcPort",
        ["--dapr-api-token-file"] = "Dapr:ApiTokenFile",
        ["--app-api-token-file"] = "Dapr:AppApiTokenFile",
        ["--dapr-resources-path"] = "Dapr:ResourcesPath",
        ["--dapr-secrets-dir"] = "Dapr:SecretsDir",
    };
    public const int Disabled = -1;

    /// <summary>The app id (default: the service name); the state key prefix and the consumer group.</summary>
    public string AppId { get; set; } = "";

    /// <summary>0: a free port (local runs); -1: no Dapr HTTP API. Kubernetes passes 3500.</summary>
    public int HttpPort { get; set; }

    /// <summary>0: a free port; -1: no Dapr gRPC API. Kubernetes passes 50001.</summary>
    public int GrpcPort { get; set; }

    public string? ApiTokenFile { get; set; }

    public string? AppApiTokenFile { get; set; }

    public string? ResourcesPath { get; set; }

    public string? SecretsDir { get; set; }

    /// <summary>Request bodies and gRPC messages (daprd's default <c>4Mi</c>).</summary>
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>State keys, topic names and configuration keys.</summary>
    public int MaxKeyBytes { get; set; } = 1024;

    /// <summary>Metadata entries per request, and the size of each entry's value.</summary>
    public int MaxMetadataEntries { get; set; } = 64;

    public int MaxMetadataValueBytes { get; set; } = 4096;

    /// <summary>Items per bulk request (bulk get, bulk save, transaction, bulk publish).</summary>
    public int MaxBulkItems { get; set; } = 1000;

    // Filled from the sidecar's options and token files when the host is built.
    public string Namespace { get; set; } = "default";

    public int AppPort { get; set; }

    public string? ApiToken { get; set; }

    public string? AppApiToken { get; set; }

    public bool Enabled => HttpPort != Disabled || GrpcPort != Disabled;

    /// <summary>Adds a problem for every bad Dapr switch: ports, token files that do not exist, limits that are not positive.</summary>
    public void Validate(SettingsProblems problems)
    {
        if (HttpPort != Disabled)
        {
            problems.Port("--dapr-http-port", HttpPort);
        }

        if (GrpcPort != Disabled)
        {
            problems.Port("--dapr-grpc-port", GrpcPort);
        }

        foreach (var (option, file) in new[] { ("--dapr-api-token-file", ApiTokenFile), ("--app-api-token-file", AppApiTokenFile) })
        {
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
            {
                problems.Add($"{option}: '{file}' does not exist");
            }
        }

        foreach (var (option, value) in new[]
                 {
                     ("Dapr:MaxRequestBodyBytes", MaxRequestBodyBytes), ("Dapr:MaxKeyBytes", MaxKeyBytes), ("Dapr:MaxMetadataEntries", MaxMetadataEntries),
                     ("Dapr:MaxMetadataValueBytes", MaxMetadataValueBytes), ("Dapr:MaxBulkItems", MaxBulkItems),
                 })
        {
            if (value <= 0)
            {
                problems.Add($"{option}: {value} must be positive");
            }
        }
    }

    public static string? ReadToken(string? file) =>
        string.IsNullOrWhiteSpace(file) ? null : File.ReadAllText(file).Trim() is { Length: > 0 } token ? token : null;
}
