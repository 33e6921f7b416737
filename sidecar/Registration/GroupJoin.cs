using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// Joins a WorkloadGroup through the registry (<c>--workload-group</c>): the registration names the workload's address
/// and this sidecar's inbound port, and carries a proof signed with the current workload certificate's key, which the
/// registry checks against the group's namespace and service account. No certificate yet: the attempt fails and is
/// retried like any failed registration.
/// </summary>
internal sealed class GroupJoin(RegistryClient client, IWorkloadCertificateSource certificates, TimeProvider time, string @namespace, string group, string address)
{
    public string Group => $"{@namespace}/{group}";

    public Task<InstanceLease> RegisterAsync(int inboundPort, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (certificates.Current is not { } current || current.IsExpiredAt(time.GetUtcNow()))
        {
            throw new HttpRequestException("no valid workload certificate yet: the registry admits group members only on one");
        }

        var statement = WorkloadProof.GroupRegistrationStatement(@namespace, group, address, inboundPort, null);
        var proof = WorkloadProof.Sign(current.Leaf, current.Intermediates, statement, time.GetUtcNow());
        var body = new GroupRegistration(address, inboundPort, null, (int)Math.Ceiling(lease.TotalSeconds), proof);
        return client.RegisterWithGroupAsync(@namespace, group, body, cancellationToken);
    }
}
