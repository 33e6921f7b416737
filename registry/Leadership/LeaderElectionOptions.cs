namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// Timing of a lease-based election, after Kubernetes' leader election: a leader renews every
/// <see cref="RetryPeriod"/>, steps down when it could not renew within <see cref="RenewDeadline"/>, and a follower may
/// take over once the lease (<see cref="LeaseDuration"/>) ran out unrenewed.
/// </summary>
public sealed record LeaderElectionOptions
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(10);

    /// <summary>How long a lease lasts after its last renewal: the longest a dead leader's successor waits.</summary>
    public TimeSpan LeaseDuration { get; init; } = DefaultLeaseDuration;

    /// <summary>Two thirds of the lease: a leader cut off from the store stops writing well before anyone else may lead.</summary>
    public TimeSpan RenewDeadline => LeaseDuration * 2 / 3;

    /// <summary>A fifth of the lease: how often the leader renews and a follower tries to take over.</summary>
    public TimeSpan RetryPeriod => LeaseDuration / 5;

    /// <summary>Fails naming the switch when the lease is unusable.</summary>
    public static LeaderElectionOptions FromLease(TimeSpan lease) =>
        lease < TimeSpan.FromMilliseconds(500) || lease > TimeSpan.FromMinutes(5)
            ? throw new InvalidOperationException($"--leader-lease must be from 500ms to 5m, got {lease}")
            : new LeaderElectionOptions { LeaseDuration = lease };
}
