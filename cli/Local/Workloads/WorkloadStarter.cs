using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// Starts the ingress, then every Bookinfo sidecar (each starts and supervises its app) at once: they do not depend
/// on each other (a sidecar routes to whatever registers, whenever it does), so on two cores the six startups overlap
/// instead of queueing. Each is recorded in state.json as soon as it is ready, in spec order; when any fails, the
/// others are still awaited and recorded, so the caller's cleanup stops every process that was started.
/// Runs after the registry is ready and the configs are applied; each proxy starts with the environment the stored
/// ProxyConfigs give it (<see cref="ProxyConfigEnvironment"/>).
/// </summary>
internal sealed class WorkloadStarter(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartAsync(
        MeshState state, IReadOnlyList<RunningProcess> started, WorkloadDlls dlls, UpSettings settings, CancellationToken cancellationToken,
        ProxyConfigEnvironment? proxyConfigs = null)
    {
        proxyConfigs ??= ProxyConfigEnvironment.None;
        var launcher = new WorkloadLauncher(paths, DotnetHost.Find(environment), dlls, state.Redis!, ProxyUser(state, settings), settings.LeaseTtl, Ca(state),
            app => DaprUser(state, settings, app), settings.ProxyEnvironment, settings.CertTtl);
        var ingressPort = Claim(settings.IngressPort, "--ingress-port");
        var httpsPort = Claim(settings.IngressHttpsPort, "--ingress-https-port");
        progress.Done(new LocalTlsCredential(paths, environment.Time).Ensure());

        var supervisor = new ProcessSupervisor(paths, environment.Time) { DiesWithMeshctl = !settings.Detach };
        var ingressSpec = proxyConfigs.Apply(launcher.CreateIngressSpec(ingressPort, httpsPort), ProxyConfigEnvironment.IngressNamespace, ProxyConfigEnvironment.IngressLabels);
        progress.Step($"starting {ingressSpec.Name}");
        var ingress = await supervisor.StartAsync(ingressSpec, cancellationToken);
        List<RunningProcess> before = [.. started, ingress];
        state = Save(state, before);
        Ready(ingress);

        var sidecars = WorkloadLauncher.Bookinfo
            .Select(w => proxyConfigs.Apply(launcher.CreateSidecarSpec(state.RegistryUrl!, w.Service, w.Version), "default", ProxyConfigEnvironment.SidecarLabels(w.Service, w.Version)))
            .ToList();
        progress.Step($"starting {string.Join(", ", sidecars.Select(s => s.Name))} (each sidecar starts its app)");
        var order = sidecars.Select((spec, index) => (spec.Name, index)).ToDictionary(p => p.Name, p => p.index);
        var ready = new List<RunningProcess>();
        await StartTogether.RunAsync(supervisor, sidecars, process =>
        {
            ready.Add(process);
            ready.Sort((a, b) => order[a.Record.Name].CompareTo(order[b.Record.Name]));
            state = Save(state, [.. before, .. ready]);
            Ready(process);
            return Task.CompletedTask;
        }, cancellationToken);

        return (state, [.. before, .. ready]);
    }

    /// <summary>The requested port when it is free (0 stays 0: the ingress picks one); a taken port is an error naming the option.</summary>
    private static int Claim(int requested, string option)
    {
        if (requested != 0 && !FreePort.IsFree(requested))
        {
            throw new CliException(
                $"port {requested} for the ingress is in use",
                [$"stop what listens there, or choose another: ./meshctl up {option} PORT (0: any free port)"]);
        }

        return requested;
    }

    public static string Describe(IReadOnlyDictionary<string, int> ports) =>
        string.Join(' ', ports.Select(p => $"{p.Key}={p.Value}"));

    private MeshState Save(MeshState state, IEnumerable<RunningProcess> running)
    {
        state = state with { Processes = [.. running.Select(r => r.Record)] };
        state.Save(paths.StateFile);
        return state;
    }

    private void Ready(RunningProcess process) =>
        progress.Done($"{process.Record.Name} is ready (pid {process.Record.Pid}, {Describe(process.Record.Ports)}, log {MeshPaths.Show(process.Record.LogFile, environment)})");

    /// <summary>The CA the proxies get their certificates from, each with a bootstrap token minted as it starts.</summary>
    private CaEndpoint? Ca(MeshState state) => CaEndpoint.From(state, paths, environment.Time);

    /// <summary>The app's own Redis user on the private Redis (<see cref="DaprAppAcl"/>); with an external Redis, the login up was given.</summary>
    private RedisUser? DaprUser(MeshState state, UpSettings settings, string appId)
    {
        if (!state.ExternalRedis)
        {
            var name = DaprAppAcl.UserName(appId);
            return new RedisUser(name, Path.Combine(paths.SecretsDir, $"redis-{name}.password"), "");
        }

        return ProxyUser(state, settings) is { } user && user.Name != "proxy" ? user : null;
    }

    private RedisUser? ProxyUser(MeshState state, UpSettings settings)
    {
        if (!state.ExternalRedis)
        {
            return new RedisUser("proxy", Path.Combine(paths.SecretsDir, "redis-proxy.password"), "");
        }

        return settings.ExternalRedisUser is { Length: > 0 } user
            ? new RedisUser(user, environment.ResolvePath(settings.ExternalRedisPasswordFile ?? ""), "")
            : null;
    }
}
