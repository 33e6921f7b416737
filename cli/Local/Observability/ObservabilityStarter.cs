using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Observability;

/// <summary>
/// The telemetry side of <c>meshctl up</c>: the dashboard (before the proxies, so its OTLP receiver is there for their
/// first spans), the Prometheus targets file once the proxies are up, and Prometheus itself with <c>--prometheus</c>.
/// Each process is recorded in state.json like the others, so <c>down</c> stops it.
/// </summary>
internal sealed class ObservabilityStarter(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartDashboardAsync(
        MeshState state, IReadOnlyList<RunningProcess> started, ObservabilitySettings settings, int? otlpPort, CancellationToken cancellationToken)
    {
        var dll = await new Builder(paths, environment, progress).EnsureAsync("dashboard", "gatewaymesh-dashboard.dll", DashboardLauncher.DllVariable, [], cancellationToken);
        PrometheusTargets.Write(paths, null); // the dashboard reads it from the start; empty until the proxies are up
        var spec = new DashboardLauncher(paths).CreateSpec(DotnetHost.Find(environment), dll, new FreePort().Pick(settings.DashboardPort), state.RegistryUrl!, otlpPort);
        progress.Step(otlpPort is null ? "starting the dashboard" : "starting the dashboard and its OTLP trace receiver");
        return await StartAsync(state, started, spec, cancellationToken);
    }

    /// <summary>Writes the targets file for the proxies now recorded, then starts Prometheus when asked and on PATH.</summary>
    public async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartPrometheusAsync(
        MeshState state, IReadOnlyList<RunningProcess> started, ObservabilitySettings settings, CancellationToken cancellationToken)
    {
        var targets = PrometheusTargets.Write(paths, state);
        progress.Done($"wrote {MeshPaths.Show(PrometheusTargets.TargetsFile(paths), environment)}: {targets} proxies for Prometheus (file-based discovery, {PrometheusTargets.MetricsPath})");
        if (!settings.Prometheus)
        {
            return (state, started);
        }

        if (ExecutableFinder.Find("prometheus", environment) is not { } executable)
        {
            progress.Warn("--prometheus: no prometheus on PATH (Debian: apt-get install prometheus); the targets file is ready for one you run yourself");
            return (state, started);
        }

        var port = new FreePort().Pick(settings.PrometheusPort);
        var spec = new PrometheusLauncher(paths).CreateSpec(executable, port);
        progress.Step($"starting Prometheus on {spec.Address}");
        return await StartAsync(state, started, spec, cancellationToken);
    }

    private async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartAsync(
        MeshState state, IReadOnlyList<RunningProcess> started, ProcessSpec spec, CancellationToken cancellationToken)
    {
        // A foreground up records itself as the supervisor: what it starts dies with it.
        var supervisor = new ProcessSupervisor(paths, environment.Time) { DiesWithMeshctl = state.SupervisorPid == Environment.ProcessId };
        var process = await supervisor.StartAsync(spec, cancellationToken);
        List<RunningProcess> running = [.. started, process];
        state = state with { Processes = [.. running.Select(r => r.Record)] };
        state.Save(paths.StateFile);
        progress.Done($"{process.Record.Name} is ready (pid {process.Record.Pid}, {process.Record.Address})");
        return (state, running);
    }
}
