namespace GatewayMesh.Cli.Local;

/// <summary>
/// Starts the ingress, then the Bookinfo sidecars (each starts and supervises its app), each ready before the next,
/// recording each in state.json as soon as it is up. Runs after the registry is ready and the configs are applied.
/// </summary>
internal sealed class WorkloadStarter(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartAsync(
        MeshState state, IReadOnlyList<RunningProcess> started, WorkloadDlls dlls, UpSettings settings, CancellationToken cancellationToken)
    {
        var launcher = new WorkloadLauncher(paths, DotnetHost.Find(environment), dlls, state.Redis!, ProxyUser(state, settings), settings.LeaseTtl);
        var ingressPort = settings.IngressPort == 0 ? 0 : new FreePort().Pick(settings.IngressPort);
        if (settings.IngressPort != 0 && ingressPort != settings.IngressPort)
        {
            throw new CliException(
                $"port {settings.IngressPort} for the ingress is in use",
                ["stop what listens there, or choose another: ./meshctl up --ingress-port PORT (0: any free port)"]);
        }

        List<ProcessSpec> specs =
        [
            launcher.CreateIngressSpec(ingressPort),
            .. WorkloadLauncher.Bookinfo.Select(w => launcher.CreateSidecarSpec(state.RegistryUrl!, w.Service, w.Version)),
        ];
        var supervisor = new ProcessSupervisor(paths, environment.Time);
        var running = started.ToList();
        foreach (var spec in specs)
        {
            progress.Step($"starting {spec.Name}");
            var process = await supervisor.StartAsync(spec, cancellationToken);
            running.Add(process);
            state = state with { Processes = [.. running.Select(r => r.Record)] };
            state.Save(paths.StateFile);
            progress.Done($"{spec.Name} is ready (pid {process.Record.Pid}, {Describe(process.Record.Ports)}, log {MeshPaths.Show(process.Record.LogFile, environment)})");
        }

        return (state, running);
    }

    public static string Describe(IReadOnlyDictionary<string, int> ports) =>
        string.Join(' ', ports.Select(p => $"{p.Key}={p.Value}"));

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
