

using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The ingress and the Bookinfo sidecars (each supervising its app) as process specs. They choose free ports for
/// everything but the ingress's traffic port; the ports come from the line each prints once listening, and a component
/// is ready when its admin <c>/healthz/ready</c> answers 200.
/// </summary>
/// <param name="daprUser">Each app's own Redis user for its Dapr components (null: the app gets no credentials).</param>
internal sealed partial class WorkloadLauncher(MeshPaths paths, string dotnet, WorkloadDlls dlls, string redisEndpoint, RedisUser? proxyUser, TimeSpan? leaseTtl = null, CaEndpoint? ca = null, Func<string, RedisUser?>? daprUser = null,
    IReadOnlyDictionary<string, string>? proxyEnvironment = null, TimeSpan? certTtl = null)
{
    public const string IngressName = "ingress";
    public const int DefaultIngressPort = 31380;
    public const int DefaultIngressHttpsPort = 31390;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The Bookinfo services and versions, each run as one app behind one sidecar.</summary>
    public static readonly IReadOnlyList<(string Service, string Version)> Bookinfo =
    [
        ("productpage", "v1"), ("details", "v1"), ("reviews", "v1"), ("reviews", "v2"), ("reviews", "v3"), ("ratings", "v1"), ("stats", "v1"),
    ];

    public ProcessSpec CreateIngressSpec(int httpPort, int httpsPort)
    {
        List<string> arguments =
        [
            dlls.Ingress,
            "--http-port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--https-port", httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--credentials-dir", paths.CredentialsDir,
            "--admin-port", "0",
            "--state-dir", paths.ProxyStateDir(IngressName),
            "--redis", redisEndpoint,
            .. RedisLogin(),
            .. CaArguments(IngressName, CaEndpoint.IngressIdentity),
        ];
        return Spec(IngressName, "ingress", null, null, arguments) with
        {
            PortSwitches = new Dictionary<string, string> { ["http"] = "--http-port", ["https"] = "--https-port", ["admin"] = "--admin-port" },
            BeforeRestart = RenewToken(IngressName, CaEndpoint.IngressIdentity),
        };
    }

    public ProcessSpec CreateSidecarSpec(string registryUrl, string service, string version)
    {
        var app = $"exec {Quote(dotnet)} {Quote(dlls.Bookinfo)} {service} --version {version} --urls http://127.0.0.1:$PORT";
        List<string> arguments =
        [
            dlls.Sidecar,
            "--service", service,
            "--version", version,
            "--registry", registryUrl,
            "--registry-token-file", paths.RegistryTokenFile,
            "--state-dir", paths.ProxyStateDir($"{service}-{version}"),
            "--redis", redisEndpoint,
            .. RedisLogin(),
            .. (leaseTtl is { } lease ? [LeaseTtl.Option, LeaseTtl.Format(lease)] : Array.Empty<string>()),
            "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0",
            .. CaArguments($"{service}-{version}", CaEndpoint.SidecarIdentity(service)),
            .. DaprAppSecrets.SidecarArguments(DaprAppSecrets.Ensure(paths, service, redisEndpoint, daprUser?.Invoke(service))),
            "--app-command", app,
        ];
        return Spec($"{service}-{version}", "sidecar", service, version, arguments) with
        {
            PortSwitches = new Dictionary<string, string> { ["inbound"] = "--inbound-port", ["outbound"] = "--outbound-port", ["admin"] = "--admin-port" },
            BeforeRestart = RenewToken($"{service}-{version}", CaEndpoint.SidecarIdentity(service)),
        };
    }

    private ProcessSpec Spec(string name, string role, string? service, string? version, IReadOnlyList<string> arguments)
    {
        var logFile = paths.LogFile(name);
        return new ProcessSpec
        {
            Name = name,
            Role = role,
            Service = service,
            Version = version,
            Executable = dotnet,
            Arguments = arguments,
            WorkingDirectory = paths.StateDir,
            Address = "(starting)",
            CheckReadiness = ct => CheckAsync(role, logFile, ct),
            ReadyTimeout = ReadyTimeout,
            Environment = proxyEnvironment ?? new Dictionary<string, string>(),
        };
    }

    private static async Task<Readiness> CheckAsync(string role, string logFile, CancellationToken cancellationToken)
    {
        var ports = PrintedPorts.Read(logFile);
        if (!ports.TryGetValue("admin", out var admin))
        {
            return Readiness.NotReady("it has not printed its ports yet");
        }

        var ready = await AdminProbe.ReadinessAsync(admin, cancellationToken);
        var traffic = role == "ingress" ? ports.GetValueOrDefault("http") : ports.GetValueOrDefault("inbound");
        return ready with { Ports = ports, Address = AdminProbe.Url(traffic) };
    }

    /// <summary>The CA switches, with a bootstrap token minted now (right before the proxy starts) into its own file.</summary>
    private IEnumerable<string> CaArguments(string name, GatewayMesh.Core.Identity.SpiffeId identity) => ca is null
        ? []
        : [
            "--ca-address", ca.Address.ToString(), "--ca-root-file", ca.RootFile, "--ca-token-file", ca.Tokens.MintFor(name, identity),
            .. (certTtl is { } ttl ? ["--cert-ttl", LeaseTtl.Format(ttl)] : Array.Empty<string>()),
        ];

    /// <summary>Before a restart: a fresh bootstrap token in the proxy's token file (the one it started with is spent).</summary>
    private Action? RenewToken(string name, GatewayMesh.Core.Identity.SpiffeId identity) => ca is null ? null : () => ca.Tokens.MintFor(name, identity);

    private IEnumerable<string> RedisLogin() => proxyUser is null
        ? []
        : ["--redis-user", proxyUser.Name, "--redis-password-file", proxyUser.PasswordFile];

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
