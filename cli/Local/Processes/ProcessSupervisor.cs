using System.Diagnostics;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>A process this meshctl started, with the handle to watch it and the spec to start it again.</summary>
internal sealed record RunningProcess(ProcessRecord Record, Process Handle, ProcessSpec Spec);

/// <summary>
/// Starts process specs one at a time (each must answer its readiness check before the next starts) and stops recorded
/// processes: SIGTERM, a grace period, then SIGKILL, never signalling a pid whose identity no longer matches the record.
/// </summary>
internal sealed class ProcessSupervisor(MeshPaths paths, TimeProvider time)
{
    /// <summary>
    /// Whether the processes it starts die with this meshctl (a Linux parent-death signal): true for a foreground
    /// <c>up</c> (its supervision restarts too) and for <c>run</c>; false for <c>up --detach</c>, whose mesh outlives it.
    /// </summary>
    public bool DiesWithMeshctl { get; init; }

    /// <summary>What a process that is not a proxy gets between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    public async Task<RunningProcess> StartAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateDirectory(paths.LogsDir);
        var logFile = paths.LogFile(spec.Name);
        await File.AppendAllTextAsync(
            logFile, $"--- {time.GetUtcNow():O} meshctl up: {string.Join(' ', spec.CommandLine)}\n", cancellationToken);
        var startedAt = time.GetUtcNow();
        var process = ProcessLauncher.Start(spec, logFile, DiesWithMeshctl);
        try
        {
            var ready = await WaitUntilReadyAsync(spec, process, logFile, cancellationToken);
            var identity = ProcFs.TryRead(process.Id) ?? new ProcessIdentity(process.Id, 0, string.Join(' ', spec.CommandLine));
            var record = new ProcessRecord
            {
                Name = spec.Name,
                Pid = process.Id,
                StartTicks = identity.StartTicks,
                CommandLine = identity.CommandLine,
                Command = spec.CommandLine,
                StartedAt = startedAt,
                Address = ready.Address ?? spec.Address,
                Ports = ready.Ports ?? spec.Ports,
                LogFile = logFile,
                Role = spec.Role,
                Service = spec.Service,
                Version = spec.Version,
            };
            return new RunningProcess(record, process, spec);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Stops one recorded process, checking first that its pid still is that process.</summary>
    public async Task<StopOutcome> StopAsync(ProcessRecord record)
    {
        var current = ProcFs.TryRead(record.Pid);
        if (current is null || current.IsZombie)
        {
            return StopOutcome.NotRunning;
        }

        if (!record.Identity.IsSameProcessAs(current))
        {
            return StopOutcome.NotOurs;
        }

        PosixSignals.Send(record.Pid, PosixSignals.SigTerm);
        if (await WaitForExitAsync(record, GraceFor(record)))
        {
            return StopOutcome.Stopped;
        }

        PosixSignals.Send(record.Pid, PosixSignals.SigKill);
        await WaitForExitAsync(record, KillWait);
        return StopOutcome.Killed;
    }

    /// <summary>
    /// How long <see cref="StopAsync"/> waits between SIGTERM and SIGKILL: a proxy (sidecar, ingress) gets its whole
    /// stop, as the proxy itself bounds it (<see cref="ProxyShutdown.SignalGrace"/>: drain, then a sidecar's app gets
    /// up to <see cref="ProxyShutdown.AppGrace"/>), so a slow but compliant one is never killed; anything else <see cref="StopGrace"/>.
    /// </summary>
    public static TimeSpan GraceFor(ProcessRecord record) =>
        record.Role is "sidecar" or "ingress" ? ProxyShutdown.SignalGrace : StopGrace; // ProcessRecord.Role's proxies

    /// <summary>What a kill after <see cref="GraceFor"/> means, said truly: it had all of its grace and still ran.</summary>
    public static string KilledMessage(ProcessRecord record) =>
        $"{record.Name} (pid {record.Pid}) had not exited {GraceFor(record).TotalSeconds:0} s after SIGTERM; killed it";

    /// <summary>True while the recorded process (same pid, start time and command line) runs.</summary>
    public static bool IsAlive(ProcessRecord record) =>
        ProcFs.TryRead(record.Pid) is { IsZombie: false } current && record.Identity.IsSameProcessAs(current);

    private async Task<Readiness> WaitUntilReadyAsync(ProcessSpec spec, Process process, string logFile, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var last = Readiness.NotReady("not probed yet");
        while (true)
        {
            if (process.HasExited)
            {
                throw new CliException(
                    $"{spec.Name} exited with code {process.ExitCode} before it was ready; its log, {logFile}, ends with:", LogTail.Read(logFile));
            }

            last = await ProbeAsync(spec, cancellationToken);
            if (last.IsReady)
            {
                return last;
            }

            if (time.GetElapsedTime(started) > spec.ReadyTimeout)
            {
                throw new CliException(
                    $"{spec.Name} was not ready within {spec.ReadyTimeout.TotalSeconds:0}s ({last.Detail}); its log, {logFile}, ends with:",
                    LogTail.Read(logFile));
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static async Task<Readiness> ProbeAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            return await spec.CheckReadiness(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Readiness.NotReady(ex.Message);
        }
    }

    private async Task<bool> WaitForExitAsync(ProcessRecord record, TimeSpan timeout)
    {
        var started = time.GetTimestamp();
        while (IsAlive(record))
        {
            if (time.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, time);
        }

        return true;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(KillWait);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
