using System.Globalization;
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.Store;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The sidecar of an app <c>meshctl run</c> starts: the same sidecar as Bookinfo's (registered as service = app id,
/// version <c>v1</c>; the mesh's CA, Redis login and Dapr secrets), which starts the app's command in its folder with
/// the run file's variables, as the sidecar starts every app: after its listeners are bound, with the Dapr ports and
/// tokens in its environment, dying with it. It is ready when its Dapr API answers <c>/v1.0/healthz/outbound</c> (the
/// check <c>DaprClient.WaitForSidecarAsync</c> makes), so an app that serves nothing still counts as running; with an
/// app port it is also ready only once the app listens there and the sidecar registered it (<c>/healthz/ready</c>), as
/// <c>dapr run --app-port</c> waits for the app's port.
/// </summary>
internal sealed partial class WorkloadLauncher
{
    public const string DaprAppVersion = "v1";

    public ProcessSpec CreateDaprAppSpec(string registryUrl, RunApp app, RedisUser? appUser)
    {
        var name = app.AppId;
        List<string> arguments =
        [
            dlls.Sidecar,
            "--service", app.AppId,
            "--version", DaprAppVersion,
            "--registry", registryUrl,
            "--registry-token-file", paths.RegistryTokenFile,
            "--state-dir", paths.ProxyStateDir(name),
            "--redis", redisEndpoint,
            .. RedisLogin(),
            .. (leaseTtl is { } lease ? [LeaseTtl.Option, LeaseTtl.Format(lease)] : Array.Empty<string>()),
            "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0",
            .. CaArguments(name, CaEndpoint.SidecarIdentity(app.AppId)),
            .. DaprAppSecrets.SidecarArguments(DaprAppSecrets.Ensure(paths, app.AppId, redisEndpoint, appUser), app.DaprHttpPort ?? 0, app.DaprGrpcPort ?? 0),
            .. (app.ResourcesPath is { } resources ? ["--dapr-resources-path", resources] : Array.Empty<string>()),
            .. (app.AppPort is { } port ? ["--app-port", port.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()),
            .. (app.Command.Count > 0 ? ["--app-command", AppCommand(app)] : Array.Empty<string>()),
        ];
        var logFile = paths.LogFile(name);
        return Spec(name, "sidecar", app.AppId, DaprAppVersion, arguments) with
        {
            PortSwitches = new Dictionary<string, string> { ["inbound"] = "--inbound-port", ["outbound"] = "--outbound-port", ["admin"] = "--admin-port" },
            BeforeRestart = RenewToken(name, CaEndpoint.SidecarIdentity(app.AppId)),
            CheckReadiness = ct => DaprApiReadyAsync(logFile, app.AppPort is not null, ct),
        };
    }

    /// <summary>
    /// The shell line the sidecar runs: into the app's folder, then <c>exec env -- NAME=VALUE ... COMMAND...</c>, every
    /// word single-quoted, so nothing the run file says is parsed by the shell and the app keeps the sidecar's pid chain.
    /// </summary>
    internal static string AppCommand(RunApp app) =>
        $"cd {Quote(app.AppDir)} && exec env -- {string.Join(' ', app.Env.Select(e => Quote($"{e.Key}={e.Value}")).Concat(app.Command.Select(Quote)))}";

    private static async Task<Readiness> DaprApiReadyAsync(string logFile, bool appListens, CancellationToken cancellationToken)
    {
        var ports = PrintedPorts.Read(logFile);
        if (!ports.TryGetValue("dapr-http", out var http) || !ports.TryGetValue("admin", out var admin))
        {
            return Readiness.NotReady("it has not printed its Dapr API port yet");
        }

        var answer = await AdminHttp.GetAsync(new Uri($"{AdminProbe.Url(http)}/v1.0/healthz/outbound"), cancellationToken, 4096, TimeSpan.FromSeconds(3));
        if (answer.Status != 204)
        {
            return Readiness.NotReady($"/v1.0/healthz/outbound: HTTP {answer.Status}");
        }

        var ready = appListens ? await AdminProbe.ReadinessAsync(admin, cancellationToken) : Readiness.Ready;
        return ready with { Ports = ports, Address = AdminProbe.Url(ports.GetValueOrDefault("inbound", admin)) };
    }
}
