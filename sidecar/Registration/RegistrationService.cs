using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Inbound;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// Keeps this workload in the registry. Once the listeners are bound and the app answers, it registers with a
/// lease of <c>--lease-ttl</c> (10 s by default), then heartbeats every lease/3 on the injected clock and registers again when a heartbeat finds no
/// lease (404). On shutdown it deregisters first, before Kestrel drains in-flight requests, so callers stop
/// picking this instance while the requests it already has complete.
/// </summary>
public sealed class RegistrationService : IHostedLifecycleService
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly RegistryClient _client;
    private readonly bool _hasCertificate;
    private readonly SidecarOptions _options;
    private readonly SidecarListeners _listeners;
    private readonly AppProbe _app;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupJoin? _join;
    private InstanceKey _key;
    private string _keyText;
    private readonly TimeSpan _leaseTtl;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _deregistered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private Task _report = Task.CompletedTask;
    private volatile InstanceLease? _lease;
    private int _leases;

    public RegistrationService(
        RegistryClient client, SidecarOptions options, SidecarListeners listeners, AppProbe app, TimeProvider time, ILogger<RegistrationService> logger,
        IWorkloadCertificateSource? certificates = null)
    {
        _hasCertificate = certificates is not null;
        _client = client;
        _options = options;
        _listeners = listeners;
        _app = app;
        _time = time;
        _logger = logger;
        _key = new InstanceKey(options.Namespace, options.Service, InstanceFactory.InstanceId(options));
        _keyText = _key.ToString();
        if (options.ParseWorkloadGroup() is { } group && certificates is not null)
        {
            // Istio's auto-registration: the registry makes the instance (and its WorkloadEntry) from the group's template.
            _join = new GroupJoin(client, certificates, time, group.Namespace, group.Name, options.WorkloadAddress);
            _keyText = "WorkloadGroup " + _join.Group;
        }
        _leaseTtl = options.ParseLeaseTtl();
    }

    /// <summary>The lease asked for at every registration.</summary>
    public TimeSpan LeaseTtl => _leaseTtl;

    /// <summary>The registered instance; with <c>--workload-group</c>, the one the registry made (known once registered).</summary>
    public InstanceKey Key => _key;

    /// <summary>The lease last granted; null before the first registration and after deregistering.</summary>
    public InstanceLease? CurrentLease => _lease;

    public bool IsRegistered => _lease is not null;

    /// <summary>How many leases (registrations and heartbeats) the registry has granted so far.</summary>
    public int LeaseCount => Volatile.Read(ref _leases);

    /// <summary>Completes once at least <paramref name="count"/> leases were granted.</summary>
    public async Task WaitForLeaseCountAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (LeaseCount >= count)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The WorkloadGroup this sidecar joined (<c>--workload-group</c>); null when it registers an instance itself.</summary>
    internal GroupJoin? Join => _join;

    /// <summary>
    /// Tells the registry the group's probe verdict (null: no probe) by registering again with it, so the member's
    /// instance takes traffic or not and its WorkloadEntry's <c>Healthy</c> condition follows. Later registrations (after
    /// a lost lease) carry the same verdict. False when the registry could not be told (the caller tries again) or this
    /// sidecar is shutting down (a report must not register again after the deregistration).
    /// </summary>
    internal Task<bool> ReportHealthAsync(bool? healthy, CancellationToken cancellationToken)
    {
        if (_join is null || _stopping.IsCancellationRequested)
        {
            return Task.FromResult(false);
        }

        var report = ReportAsync(_join, healthy, cancellationToken);
        Volatile.Write(ref _report, report); // shutdown waits for it, so it cannot register again after the deregistration
        return report;
    }

    private async Task<bool> ReportAsync(GroupJoin join, bool? healthy, CancellationToken cancellationToken)
    {
        join.Healthy = healthy;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            Granted(await join.RegisterAsync(_listeners.InboundUri.Port, _leaseTtl, linked.Token));
            Log.HealthReported(_logger, _keyText, healthy);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.HealthReportFailed(_logger, ex, _keyText);
            return false;
        }
    }

    /// <summary>Completes once shutdown has deregistered the instance (or tried to).</summary>
    public Task Deregistered => _deregistered.Task;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once every listener is bound, so the inbound port is known.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Runs before any listener stops: stop heartbeating, then deregister.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        await Volatile.Read(ref _report); // a probe verdict being reported (it ends quietly once cancelled)
        try
        {
            if (_lease is not null)
            {
                await _client.DeregisterAsync(Key, cancellationToken);
                _lease = null;
                Log.Deregistered(_logger, _keyText);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Log.DeregisterFailed(_logger, ex, _keyText);
        }
        finally
        {
            _deregistered.TrySetResult();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!await _app.AnswersAsync(stopping))
            {
                await Task.Delay(RetryDelay, _time, stopping);
            }

            if (_join is not null)
            {
                await _join.WaitForCertificateAsync(stopping); // joining without one is refused: wait for it, not for a retry
            }

            var instance = InstanceFactory.Create(_options, _key.InstanceId, _listeners.InboundUri.Port, _hasCertificate);
            using var timer = new PeriodicTimer(_leaseTtl / 3, _time); // started before the first lease, so ticks count from it
            await RegisterUntilDoneAsync(instance, stopping);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await HeartbeatAsync(instance, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task HeartbeatAsync(ServiceInstance instance, CancellationToken stopping)
    {
        try
        {
            if (await _client.HeartbeatAsync(Key, stopping) is { } lease)
            {
                Granted(lease);
                return;
            }

            Log.LeaseLost(_logger, _keyText);
            _lease = null;
            await RegisterUntilDoneAsync(instance, stopping);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !stopping.IsCancellationRequested))
        {
            Log.HeartbeatFailed(_logger, ex, _keyText); // the next tick tries again; the lease outlives two misses
        }
    }

    /// <summary>Registers, retrying a failure after 0.5 s, doubling up to 5 s, so a registry that is down is not hammered.</summary>
    private async Task RegisterUntilDoneAsync(ServiceInstance instance, CancellationToken stopping)
    {
        for (var delay = RetryDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks)))
        {
            try
            {
                var lease = _join is null
                    ? await _client.RegisterAsync(instance, _leaseTtl, stopping)
                    : await _join.RegisterAsync(instance.Port, _leaseTtl, stopping);
                Granted(lease);
                Log.Registered(_logger, _keyText, instance.Port, lease.ExpiresAt);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !stopping.IsCancellationRequested))
            {
                Log.RegisterFailed(_logger, ex, _keyText);
            }

            await Task.Delay(delay, _time, stopping);
        }
    }

    private void Granted(InstanceLease lease)
    {
        if (_join is not null && lease.Instance.Key != _key)
        {
            _key = lease.Instance.Key;
            _keyText = $"{_key} (WorkloadGroup {_join.Group})";
        }

        _lease = lease;
        Interlocked.Increment(ref _leases);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
