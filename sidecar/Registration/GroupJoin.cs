using System.Runtime.CompilerServices;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// Joins a WorkloadGroup through the registry (<c>--workload-group</c>): the registration names the workload's address
/// and this sidecar's inbound port, and carries a proof signed with the current workload certificate's key, which the
/// registry checks against the group's namespace and service account. No certificate yet: the attempt fails and is
/// retried like any failed registration. Every registration carries the latest verdict of the group's readiness probe
/// (<see cref="Healthy"/>, set by <see cref="GroupHealthProber"/>), so a registration after a lost lease keeps it.
/// </summary>
internal sealed class GroupJoin(RegistryClient client, IWorkloadCertificateSource certificates, TimeProvider time, string @namespace, string group, string address)
{
    private volatile StrongBox<bool?> _healthy = new(null);

    public string Group => $"{@namespace}/{group}";

    public string Namespace => @namespace;

    public string Name => group;

    /// <summary>The probe's verdict to report; null while the group has no probe (or it has not run yet).</summary>
    public bool? Healthy
    {
        get => _healthy.Value;
        set => _healthy = new StrongBox<bool?>(value);
    }

    /// <summary>Completes once the agent holds a valid workload certificate: the registry admits a member only on one.</summary>
    public async Task WaitForCertificateAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = certificates.GetChangeToken();
            if (certificates.Current is { } current && !current.IsExpiredAt(time.GetUtcNow()))
            {
                return;
            }

            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (changed.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), next))
            {
                await next.Task.WaitAsync(cancellationToken);
            }
        }
    }

    public Task<InstanceLease> RegisterAsync(int inboundPort, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (certificates.Current is not { } current || current.IsExpiredAt(time.GetUtcNow()))
        {
            throw new HttpRequestException("no valid workload certificate yet: the registry admits group members only on one");
        }

        var healthy = Healthy;
        var statement = WorkloadProof.GroupRegistrationStatement(@namespace, group, address, inboundPort, null, healthy);
        var proof = WorkloadProof.Sign(current.Leaf, current.Intermediates, statement, time.GetUtcNow());
        var body = new GroupRegistration(address, inboundPort, null, (int)Math.Ceiling(lease.TotalSeconds), proof, healthy);
        return client.RegisterWithGroupAsync(@namespace, group, body, cancellationToken);
    }
}
