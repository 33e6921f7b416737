namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// One app <c>meshctl run</c> starts beside its own sidecar, from a run file's <c>apps[]</c> entry (with
/// <c>common</c> merged in) or from the command line. Paths are absolute.
/// </summary>
internal sealed record RunApp
{
    /// <summary>The Dapr app id: also the mesh service the sidecar registers, and the state key prefix.</summary>
    public required string AppId { get; init; }

    /// <summary>The folder the command runs in (<c>appDirPath</c>).</summary>
    public required string AppDir { get; init; }

    /// <summary>The app's command line (argv); empty runs the sidecar alone for an app started elsewhere.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The port the app listens on; null lets the sidecar choose one and tell the app (<c>PORT</c>, <c>APP_PORT</c>).</summary>
    public int? AppPort { get; init; }

    /// <summary>Variables added to the app's environment (<c>common.env</c>, then the app's <c>env</c>).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The folder of Dapr <c>Component</c>/<c>Subscription</c> files the sidecar loads (<c>resourcesPath</c>).</summary>
    public string? ResourcesPath { get; init; }

    /// <summary>Fixed Dapr API ports (<c>daprHTTPPort</c>, <c>daprGRPCPort</c>); null: a free port each.</summary>
    public int? DaprHttpPort { get; init; }

    public int? DaprGrpcPort { get; init; }
}
