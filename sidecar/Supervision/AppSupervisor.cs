using System.Diagnostics;
using System.Runtime.InteropServices;
using GatewayMesh.Core.Config.ProxyConfigs;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Supervision;

/// <summary>
/// Runs <c>--app-command</c> through <c>/bin/sh -c</c> once the sidecar's listeners are bound and its first snapshot
/// is loaded (the hosted-service "started" phase), so the app's first outbound call already finds a working proxy:
/// the ordering Istio needs <c>holdApplicationUntilProxyStarts</c> for. The app gets HTTP_PROXY (the outbound
/// listener), NO_PROXY=localhost,127.0.0.1, PORT and ASPNETCORE_URLS, and what each <see cref="IAppEnvironment"/> adds. It is stopped in the "stopped" phase, after
/// deregistration and after Kestrel drained: SIGTERM, then a kill if it has not exited within <see cref="ProxyShutdown.AppGrace"/>
/// (or when the host's <see cref="ProxyShutdown.Timeout"/> runs out first).
/// The app dies with the sidecar even when the sidecar is killed outright (SIGKILL, a crash): on Linux it starts under
/// <c>setpriv --pdeathsig KILL</c>, from the launcher thread that lives as long as the sidecar (core/Hosting's
/// <see cref="ParentDeathSignal"/>: the kernel sends the signal when the thread that started the child ends, not the
/// process), and the <c>exec</c> of the command keeps that setting.
/// </summary>
internal sealed class AppSupervisor(
    SidecarOptions options, SidecarListeners listeners, HeldAppPort heldPort, IEnumerable<IAppEnvironment> environments, ILogger<AppSupervisor> logger)
    : IHostedLifecycleService
{
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(2);
    private const int SigTerm = 15;
    private Process? _process;
    private volatile bool _stopping;
    private volatile string? _exitReason;

    /// <summary>
    /// Why the app the sidecar starts cannot be ready: not started yet (its port may still be held by the sidecar), or
    /// exited; null while it runs, or when the sidecar starts none. Readiness reports it (<see cref="AppProcessReadiness"/>),
    /// so the TCP probe of the app port is never answered for an app that is not there.
    /// </summary>
    public string? NotReadyReason =>
        string.IsNullOrWhiteSpace(options.AppCommand) || _stopping ? null
        : _exitReason ?? (Volatile.Read(ref _process) is null ? "the app has not been started yet" : null);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.AppCommand))
        {
            return Task.CompletedTask;
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(options.AppCommand);
        ParentDeathSignal.Apply(start);
        var proxy = listeners.OutboundUri.ToString().TrimEnd('/');
        start.Environment["HTTP_PROXY"] = proxy;
        start.Environment["http_proxy"] = proxy;
        start.Environment["NO_PROXY"] = "localhost,127.0.0.1";
        start.Environment["no_proxy"] = "localhost,127.0.0.1";
        foreach (var name in ProxyProcessEnvironment.PassedNames(Environment.GetEnvironmentVariable(ProxyProcessEnvironment.NamesVariable)))
        {
            start.Environment.Remove(name); // the proxy's ProxyConfig environment is not the app's
        }

        start.Environment["PORT"] = options.AppPort.ToString();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{options.AppPort}";
        foreach (var (name, value) in environments.SelectMany(e => e.Variables()))
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Exited += (_, _) => _ = ReportExitAsync(process, process.Id, process.ExitCode);
        heldPort.Release(); // the app binds it now
        ParentDeathSignal.Start(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Log.AppStarted(logger, process.Id, options.AppPort);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reports the app's own exit once its last output lines are forwarded: <c>Exited</c> fires before the pipes'
    /// readers drain, and whoever follows the log stops at the exit line (<c>meshctl run</c> lost a short-lived app's
    /// only line that way). Bounded, so a child that keeps the pipes open cannot hold the report back.
    /// </summary>
    private async Task ReportExitAsync(Process process, int pid, int exitCode)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(OutputDrainGrace);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            // reported without the rest of its output
        }

        if (!_stopping)
        {
            _exitReason = $"app (pid {pid}) exited with code {exitCode}";
            Log.AppExited(logger, pid, exitCode); // readiness turns 503 (AppProcessReadiness)
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every listener has stopped and drained.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        heldPort.Release();
        if (Interlocked.Exchange(ref _process, null) is not { } process)
        {
            return;
        }

        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            Log.AppStopping(logger, process.Id);
            _ = Kill(process.Id, SigTerm);
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(ProxyShutdown.AppGrace, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private void Forward(string? line)
    {
        if (line is not null)
        {
            Log.AppOutput(logger, line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
