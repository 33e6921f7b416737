using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Context;
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>
/// One <c>meshctl run</c>: starts every app's sidecar at once (each starts its app), records each in state.json once
/// its Dapr API answers, prints the apps' output with per-app prefixes, and waits for Ctrl-C/SIGTERM, for every app to
/// exit, or for its sidecars to be stopped (<c>meshctl down</c>). Whatever ends it, it stops every sidecar it started
/// (each stops its app; the app also dies with it) and removes them from state.json. The mesh itself keeps running.
/// </summary>
internal sealed class RunSession(MeshPaths paths, CliEnvironment environment, Progress progress, TextWriter output)
{
    private readonly Lock _writeLock = new();

    /// <summary>0 when stopped by a signal or when every app exited with 0; a single app's own exit code; else 1.</summary>
    public async Task<int> RunAsync(MeshState mesh, IReadOnlyList<RunApp> apps, WorkloadDlls dlls, CancellationToken cancellationToken)
    {
        var time = environment.Time;
        var records = new RunRecords(paths, time);
        foreach (var app in apps)
        {
            if (RunRecords.Running(mesh, app.AppId) is { } taken)
            {
                throw new CliException($"'{app.AppId}' already runs in this mesh (pid {taken.Pid})", ["stop that meshctl run first, or choose another app id"]);
            }
        }

        var token = (await File.ReadAllTextAsync(paths.RegistryTokenFile, cancellationToken)).Trim();
        using var registry = RegistryClient.Create(new ConnectionSettings(ConnectionSettings.ParseServer(mesh.RegistryUrl!), token));
        var proxyConfigs = await ProxyConfigEnvironment.ReadAsync(registry, cancellationToken); // as up's sidecars get theirs
        var launcher = new WorkloadLauncher(paths, DotnetHost.Find(environment), dlls, mesh.Redis!, ProxyUser(mesh), ca: CaEndpoint.From(mesh, paths, time));
        var specs = new List<ProcessSpec>();
        foreach (var app in apps)
        {
            var sidecar = launcher.CreateDaprAppSpec(mesh.RegistryUrl!, app, await DaprAppUser.EnsureAsync(paths, mesh, app.AppId, cancellationToken));
            specs.Add(proxyConfigs.Apply(sidecar, "default", ProxyConfigEnvironment.SidecarLabels(app.AppId, WorkloadLauncher.DaprAppVersion)));
        }

        var offsets = specs.ToDictionary(s => s.Name, s => File.Exists(paths.LogFile(s.Name)) ? new FileInfo(paths.LogFile(s.Name)).Length : 0);
        var started = new List<RunningProcess>();
        using var following = new CancellationTokenSource();
        var outputs = new List<(AppOutput Output, Task Following)>();
        try
        {
            progress.Step($"starting {string.Join(", ", specs.Select(s => s.Name))} (each beside its own sidecar)");
            await StartAllAsync(specs, started, records, cancellationToken);
            // As up ends: the run's sidecars serve the registry's revision, which counts every registration, so an app's
            // first call already finds the others started beside it.
            await new ProxySync(registry, time, progress).WaitAsync(mesh with { Processes = [.. started.Select(p => p.Record)] }, cancellationToken);
            foreach (var process in started)
            {
                var appOutput = new AppOutput(process.Record.Name, process.Record.LogFile, offsets[process.Record.Name], output, _writeLock);
                outputs.Add((appOutput, appOutput.FollowAsync(time, following.Token)));
            }

            progress.Done($"{started.Count} app{(started.Count == 1 ? "" : "s")} running; {HowToStop(started.Count == 1 ? "it" : "them all")}");
            return await WaitAsync(started, outputs.Select(o => o.Output).ToList(), apps, cancellationToken);
        }
        finally
        {
            await StopAsync(started, records);
            await following.CancelAsync();
            await Task.WhenAll(outputs.Select(o => o.Following));
        }
    }

    private async Task StartAllAsync(List<ProcessSpec> specs, List<RunningProcess> started, RunRecords records, CancellationToken cancellationToken)
    {
        await StartTogether.RunAsync(new ProcessSupervisor(paths, environment.Time) { DiesWithMeshctl = true }, specs, async process =>
        {
            started.Add(process);
            await records.AddAsync(process.Record, CancellationToken.None);
            progress.Done($"{process.Record.Name} is ready (pid {process.Record.Pid}, {WorkloadStarter.Describe(process.Record.Ports)}, log {MeshPaths.Show(process.Record.LogFile, environment)})");
        }, cancellationToken);
    }

    private async Task<int> WaitAsync(List<RunningProcess> started, List<AppOutput> outputs, IReadOnlyList<RunApp> apps, CancellationToken cancellationToken)
    {
        var sidecarsGone = Task.WhenAll(started.Select(p => p.Handle.WaitForExitAsync(CancellationToken.None)));
        // Only apps run has a command for can exit; with none (every app started elsewhere) run waits for a signal.
        var commanded = outputs.Where(o => apps.First(a => a.AppId == o.AppId).Command.Count > 0).Select(o => o.Exited).ToList();
        var appsExited = commanded.Count > 0 ? Task.WhenAll(commanded) : new TaskCompletionSource<int[]>().Task;
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, environment.Time, cancellationToken);
        var first = await Task.WhenAny(sidecarsGone, appsExited, stopped);
        if (first == stopped)
        {
            progress.Step("stopping the apps and their sidecars");
            return 0;
        }

        if (first == sidecarsGone)
        {
            progress.Warn("every sidecar of this run has stopped (meshctl down?)");
            return 1;
        }

        var codes = await appsExited;
        progress.Step($"every app exited (exit code{(codes.Length == 1 ? "" : "s")} {string.Join(", ", codes)}); stopping their sidecars");
        return codes.Length == 1 ? codes[0] : codes.All(c => c == 0) ? 0 : 1;
    }

    private async Task StopAsync(List<RunningProcess> started, RunRecords records)
    {
        var supervisor = new ProcessSupervisor(paths, environment.Time);
        var stops = started.Select(async process =>
        {
            var outcome = await supervisor.StopAsync(process.Record);
            progress.Done(outcome == StopOutcome.Killed
                ? ProcessSupervisor.KilledMessage(process.Record)
                : $"stopped {process.Record.Name} and its app (pid {process.Record.Pid})");
        });
        await Task.WhenAll(stops);
        await records.RemoveAsync([.. started.Select(p => p.Record)]);
        foreach (var process in started)
        {
            process.Handle.Dispose();
        }
    }

    /// <summary>
    /// Ctrl-C, unless this meshctl inherited SIGINT ignored (a background job of a script): .NET keeps that ignore, so
    /// only SIGTERM reaches it then, and saying so beats a Ctrl-C that silently does nothing.
    /// </summary>
    private static string HowToStop(string what) => ProcFs.IgnoresSignal(Environment.ProcessId, PosixSignals.SigInt)
        ? $"SIGTERM stops {what} (SIGINT is ignored: meshctl was started with it ignored, as a script's background job is)"
        : $"Ctrl-C stops {what}";

    /// <summary>The proxies' read-only login on the private Redis; none for an external one (its login is not recorded).</summary>
    private RedisUser? ProxyUser(MeshState mesh) =>
        mesh.ExternalRedis ? null : new RedisUser("proxy", Path.Combine(paths.SecretsDir, "redis-proxy.password"), "");
}
