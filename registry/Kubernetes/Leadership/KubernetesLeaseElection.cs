using System.Net;
using GatewayMesh.Registry.Leadership;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Registry.Kubernetes.Leadership;

/// <summary>
/// Leader election through a <c>coordination.k8s.io/v1</c> Lease, as client-go's leaderelection does: the holder
/// renews <c>renewTime</c> every retry period with an optimistic-concurrency replace; another replica takes the lease
/// over only after it has seen the same record unchanged for a whole lease duration on its own clock (so clocks need
/// not agree); the leader steps down when it could not renew within the renew deadline, and releases the lease on
/// shutdown so a standby takes over at once. The fencing token is the Lease's <c>leaseTransitions</c>, which grows with
/// every change of holder (plus one, so a leader's token is never 0).
/// </summary>
internal sealed class KubernetesLeaseElection(
    IKubernetes client,
    string leaseNamespace,
    string leaseName,
    string identity,
    LeaseTiming timing,
    TimeProvider time,
    ILogger<KubernetesLeaseElection> logger) : BackgroundService, ILeaderElection
{
    private readonly LeaderState _state = new();
    private (string? Holder, DateTime? RenewTime) _observed;
    private DateTimeOffset _observedAt;
    private DateTimeOffset _lastRenewal;

    public bool IsLeader => _state.IsLeader;

    public long FencingToken => _state.FencingToken;

    public string Identity => identity;

    public IChangeToken GetChangeToken() => _state.GetChangeToken();

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _state.WaitForLeadershipAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_state.IsLeader)
        {
            await ReleaseAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            long? token = null;
            try
            {
                token = await TryAcquireOrRenewAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.LeaseError(logger, leaseName, exception.Message);
            }

            var now = time.GetUtcNow();
            if (token is { } fencing)
            {
                _lastRenewal = now;
                if (_state.Set(true, fencing))
                {
                    Log.BecameKubernetesLeader(logger, identity, leaseName, fencing);
                }
            }
            else if (_state.IsLeader && (now - _lastRenewal >= timing.RenewDeadline || (_observed.Holder is { } holder && holder != identity)))
            {
                _state.Set(false, 0);
                Log.LostLeadership(logger, identity, leaseName);
            }

            try
            {
                await Task.Delay(timing.RetryPeriod, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The fencing token when this replica holds the lease now; null when another does or the write lost a race.</summary>
    private async Task<long?> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = await ReadAsync(cancellationToken);
        if (lease is null)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = leaseName, NamespaceProperty = leaseNamespace },
                Spec = Spec(now, now, 0),
            };
            return await WriteAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(created, leaseNamespace, cancellationToken: cancellationToken), 0);
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        var record = (spec.HolderIdentity, spec.RenewTime);
        if (record != _observed)
        {
            _observed = record;
            _observedAt = now;
        }

        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != identity;
        var duration = spec.LeaseDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : timing.LeaseDuration;
        if (heldByOther && now - _observedAt < duration)
        {
            return null;
        }

        var transitions = spec.LeaseTransitions ?? 0;
        var acquired = spec.HolderIdentity == identity ? spec.AcquireTime ?? now.UtcDateTime : now.UtcDateTime;
        if (spec.HolderIdentity != identity)
        {
            transitions++;
        }

        lease.Spec = Spec(new DateTimeOffset(acquired, TimeSpan.Zero), now, transitions);
        var token = await WriteAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, leaseName, leaseNamespace, cancellationToken: cancellationToken), transitions);
        if (token is not null)
        {
            _observed = (identity, lease.Spec.RenewTime);
            _observedAt = now;
        }

        return token;
    }

    private V1LeaseSpec Spec(DateTimeOffset acquired, DateTimeOffset renewed, int transitions) => new()
    {
        HolderIdentity = identity,
        LeaseDurationSeconds = (int)Math.Ceiling(timing.LeaseDuration.TotalSeconds),
        AcquireTime = acquired.UtcDateTime,
        RenewTime = renewed.UtcDateTime,
        LeaseTransitions = transitions,
    };

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(leaseName, leaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<long?> WriteAsync(Func<Task<V1Lease>> write, int transitions)
    {
        try
        {
            await write();
            return transitions + 1L; // 1 for the first leader, so 0 can mean "not leading"
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
            return null; // another replica wrote first
        }
    }

    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await ReadAsync(cancellationToken);
            if (lease?.Spec?.HolderIdentity == identity)
            {
                lease.Spec.HolderIdentity = null;
                lease.Spec.LeaseDurationSeconds = 1;
                lease.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, leaseName, leaseNamespace, cancellationToken: cancellationToken);
                Log.LeaseReleased(logger, identity, leaseName);
            }
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            Log.LeaseError(logger, leaseName, exception.Message);
        }
        finally
        {
            _state.Set(false, 0);
        }
    }
}
