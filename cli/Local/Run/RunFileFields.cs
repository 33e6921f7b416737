namespace GatewayMesh.Cli.Local.Run;

/// <summary>The fields of Dapr's multi-app run file, as <c>meshctl run -f</c> treats them.</summary>
internal static class RunFileFields
{
    public const string AppId = "appID";
    public const string AppDirPath = "appDirPath";
    public const string AppPort = "appPort";
    public const string Command = "command";
    public const string Env = "env";
    public const string ResourcesPath = "resourcesPath";
    public const string ResourcesPaths = "resourcesPaths";
    public const string AppProtocol = "appProtocol";
    public const string DaprHttpPort = "daprHTTPPort";
    public const string DaprGrpcPort = "daprGRPCPort";

    /// <summary>Fields of an app (and of <c>common</c>) that <c>meshctl run</c> uses.</summary>
    public static readonly IReadOnlySet<string> Used = new HashSet<string>(StringComparer.Ordinal)
    {
        AppId, AppDirPath, AppPort, Command, Env, ResourcesPath, ResourcesPaths, AppProtocol, DaprHttpPort, DaprGrpcPort,
    };

    /// <summary>
    /// Fields daprd's run files know that tune daprd itself (log files, profiling, health probes, placement, ...):
    /// accepted so a Dapr project runs unchanged, and named in a warning, since the mesh's sidecar does not use them.
    /// </summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>(StringComparer.Ordinal)
    {
        "appChannelAddress", "appHealthCheckPath", "appHealthProbeInterval", "appHealthProbeTimeout", "appHealthThreshold",
        "appMaxConcurrency", "appSSL", "appLogDestination", "configFilePath", "daprdLogDestination", "daprHTTPMaxRequestSize",
        "daprHTTPReadBufferSize", "daprInternalGRPCPort", "daprPath", "enableApiLogging", "enableAppHealthCheck", "enableProfiling",
        "logLevel", "maxBodySize", "metricsPort", "placementHostAddress", "profilePort", "readBufferSize", "runtimePath",
        "schedulerHostAddress", "unixDomainSocket", "apiListenAddresses", "containerImage", "createService", "containerImagePullPolicy",
    };

    /// <summary>Fields only an app may set (an app's identity and what it runs), never <c>common</c>.</summary>
    public static readonly IReadOnlySet<string> AppOnly = new HashSet<string>(StringComparer.Ordinal) { AppId, AppDirPath, AppPort, Command };
}
