using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>Where one app's Dapr secrets and tokens live, as the sidecar's switches take them.</summary>
internal sealed record DaprAppFiles(string AppId, string SecretsDir, string ApiTokenFile, string AppApiTokenFile);

/// <summary>
/// Each Dapr app's secrets under <c>.meshctl/secrets/dapr/&lt;appId&gt;/</c>, owner-only: the secret <c>dapr-redis</c>
/// (<c>host</c>, <c>username</c>, <c>password</c>: the app's own Redis user, which the components in <c>configs/dapr/</c>
/// reference by <c>secretKeyRef</c>) and the two API tokens (<c>api-token</c>: the app's calls to its sidecar;
/// <c>app-api-token</c>: the sidecar's calls to the app). Created once, kept across restarts.
/// </summary>
internal static class DaprAppSecrets
{
    public const string RedisSecret = "dapr-redis";

    public static DaprAppFiles Ensure(MeshPaths paths, string appId, string redisEndpoint, RedisUser? user)
    {
        var root = Path.Combine(paths.SecretsDir, "dapr", appId);
        var secrets = OwnerOnly.CreateDirectory(Path.Combine(root, "secrets"));
        var redis = OwnerOnly.CreateDirectory(Path.Combine(secrets, RedisSecret));
        OwnerOnly.WriteFile(Path.Combine(redis, "host"), redisEndpoint);
        OwnerOnly.WriteFile(Path.Combine(redis, "username"), user?.Name ?? "");
        OwnerOnly.WriteFile(Path.Combine(redis, "password"), user is null ? "" : File.ReadAllText(user.PasswordFile).Trim());
        var apiToken = Path.Combine(root, "api-token");
        var appApiToken = Path.Combine(root, "app-api-token");
        SecretFile.ReadOrCreate(apiToken);
        SecretFile.ReadOrCreate(appApiToken);
        return new DaprAppFiles(appId, secrets, apiToken, appApiToken);
    }

    /// <summary>The sidecar's Dapr switches; the API ports default to free ones (0).</summary>
    public static IEnumerable<string> SidecarArguments(DaprAppFiles files, int httpPort = 0, int grpcPort = 0) =>
    [
        "--app-id", files.AppId,
        "--dapr-http-port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--dapr-grpc-port", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--dapr-secrets-dir", files.SecretsDir,
        "--dapr-api-token-file", files.ApiTokenFile,
        "--app-api-token-file", files.AppApiTokenFile,
    ];
}
