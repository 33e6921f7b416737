using System.Runtime.CompilerServices;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// Runs the readiness probe of the WorkloadGroup this sidecar joined against its workload, as Istio's agent does on a
/// VM, and reports the verdict to the registry, which marks the member's instance healthy or unhealthy (an unhealthy
/// one takes no traffic) and sets its WorkloadEntry's <c>Healthy</c> condition. It starts once the member is
/// registered, waits <c>initialDelaySeconds</c>, then probes every <c>periodSeconds</c> on the injected clock with
/// Kubernetes' thresholds (<see cref="HealthTracker"/>); a verdict the registry could not take is sent again after
/// the next probe. The probe comes from the config snapshot (<see cref="GroupProbe"/>): when the group's probe
/// changes the count starts over from the verdict last reported, and when the group has none the member is reported without a verdict.
/// </summary>
internal sealed class GroupHealthProber : BackgroundService
{
    private static readonly TimeSpan NoProbeRecheck = TimeSpan.FromSeconds(10);

    private readonly RegistrationService _registration;
    private readonly ProxyState _state;
    private readonly GroupProbeCheck _check;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _group;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _probes;
    private volatile StrongBox<bool?> _reported = new(null);

    public GroupHealthProber(RegistrationService registration, ProxyState state, GroupProbeCheck check, TimeProvider time, ILogger<GroupHealthProber> logger)
    {
        _registration = registration;
        _state = state;
        _check = check;
        _time = time;
        _logger = logger;
        _group = registration.Join?.Group ?? "";
    }

    /// <summary>How many probes have run (each counted once its verdict was reported, when it needed reporting).</summary>
    public int ProbeCount => Volatile.Read(ref _probes);

    /// <summary>The verdict the registry last took: null before any (and while the group has no probe).</summary>
    public bool? ReportedHealth => _reported.Value;

    /// <summary>Completes once at least <paramref name="count"/> probes have run.</summary>
    public Task WaitForProbeCountAsync(int count, CancellationToken cancellationToken) => WaitUntilAsync(() => ProbeCount >= count, cancellationToken);

    /// <summary>Completes once the registry has taken the verdict <paramref name="healthy"/>.</summary>
    public Task WaitForReportAsync(bool? healthy, CancellationToken cancellationToken) => WaitUntilAsync(() => ReportedHealth == healthy, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _registration.WaitForLeaseCountAsync(1, stoppingToken); // a member's health is reported once it is a member
            while (true)
            {
                var changed = _state.GetChangeToken();
                if (_state.Current.Feature<GroupProbe>() is { Spec: not null } probe)
                {
                    await ProbeWhileUnchangedAsync(probe, stoppingToken);
                    continue;
                }

                if (ReportedHealth is not null)
                {
                    await ReportAsync(null, stoppingToken);
                }

                await ConfigChangedAsync(changed, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>Probes every period until the group's probe changes in the config.</summary>
    private async Task ProbeWhileUnchangedAsync(GroupProbe probe, CancellationToken stopping)
    {
        var tracker = new HealthTracker(probe.SuccessThreshold, probe.FailureThreshold, ReportedHealth ?? false); // a changed probe keeps the verdict until it flips
        if (probe.InitialDelay > TimeSpan.Zero)
        {
            await Task.Delay(probe.InitialDelay, _time, stopping);
        }

        using var timer = new PeriodicTimer(probe.Period, _time); // made before the first probe, so ticks count from it
        do
        {
            if (_state.Current.Feature<GroupProbe>() != probe)
            {
                return;
            }

            var result = await _check.RunAsync(probe, stopping);
            if (tracker.Record(result.Passed))
            {
                Log.ProbeVerdictChanged(_logger, _group, tracker.Healthy, result.Detail);
            }

            if (tracker.Healthy != ReportedHealth)
            {
                await ReportAsync(tracker.Healthy, stopping);
            }

            Interlocked.Increment(ref _probes);
            Signal();
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    private async Task ReportAsync(bool? healthy, CancellationToken stopping)
    {
        if (await _registration.ReportHealthAsync(healthy, stopping))
        {
            _reported = new StrongBox<bool?>(healthy);
            Signal();
        }
    }

    /// <summary>Waits for the next snapshot, or a while (a report that failed is then tried again).</summary>
    private async Task ConfigChangedAsync(IChangeToken changed, CancellationToken stopping)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = changed.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), next);
        using var recheck = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Task.Delay(NoProbeRecheck, _time, recheck.Token);
        await Task.WhenAny(next.Task, delay);
        await recheck.CancelAsync();
        stopping.ThrowIfCancellationRequested();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task WaitUntilAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (done())
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
