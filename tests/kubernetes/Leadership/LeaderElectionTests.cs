using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using k8s;
using Xunit;

namespace GatewayMesh.KubernetesTests.Leadership;

/// <summary>
/// Two registry replicas share one coordination.k8s.io Lease: one leads and syncs, the other waits; when the leader
/// stops it releases the Lease, the other takes over with a higher fencing token and its sync carries on. A third
/// replica takes over the stopped one's webhook port, so the other tests keep their webhooks.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class LeaderElectionTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoReplicas_LeaderStops_TheOtherTakesOverAndSyncs()
    {
        var plane = await environment.ControlPlaneAsync();
        var leader = plane.Registry;
        Assert.True(leader.Election.IsLeader);
        var firstToken = leader.Election.FencingToken;
        var standby = await plane.StartReplicaAsync("registry-b", serveWebhooks: false);
        var lease = await environment.Server.Client.CoordinationV1.ReadNamespacedLeaseAsync("gatewaymesh-registry", ControlPlane.Namespace);
        Assert.Equal("registry-a", lease.Spec.HolderIdentity);
        Assert.False(standby.Election.IsLeader);

        await leader.StopAsync();
        var replacement = await plane.StartReplicaAsync("registry-c", serveWebhooks: true);
        var next = await Task.WhenAny(
            standby.Election.WaitForLeadershipAsync(CancellationToken.None).ContinueWith(_ => standby, TaskScheduler.Default),
            replacement.Election.WaitForLeadershipAsync(CancellationToken.None).ContinueWith(_ => replacement, TaskScheduler.Default)).WaitAsync(Timeout);
        var newLeader = await next;
        Assert.True(newLeader.Election.FencingToken > firstToken);
        lease = await environment.Server.Client.CoordinationV1.ReadNamespacedLeaseAsync("gatewaymesh-registry", ControlPlane.Namespace);
        Assert.Equal(newLeader.Identity, lease.Spec.HolderIdentity);
        Assert.False((newLeader == standby ? replacement : standby).Election.IsLeader);
        await replacement.Logs.WaitForAsync(6210, "127.0.0.1", Timeout);

        var ns = TestNamespaces.New("leader");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        (await environment.Tools.KubectlAsync(null, "apply", "-n", ns, "-f", Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", "virtual-service-reviews-v3.yaml"))).EnsureSuccess("kubectl apply");
        var store = newLeader.Services.GetRequiredService<IConfigStore>();
        await Eventually.TrueAsync(async () => await store.GetAsync(new ResourceKey(ResourceKinds.VirtualService, ns, "reviews")) is not null,
            Timeout, () => "the new leader's sync storing the rule\n" + newLeader.Logs.Dump());
    }
}
