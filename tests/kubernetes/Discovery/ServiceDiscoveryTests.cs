using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.KubernetesTests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.KubernetesTests.Discovery;

/// <summary>
/// Services, Pods and the Endpoints written as the endpoints controller would (there is none here) become registry
/// instances with the pods' labels and ServiceAccounts; readiness follows the endpoint conditions; removal deregisters.
/// Kubernetes 1.20 serves EndpointSlice only as v1beta1, so discovery picks v1 Endpoints here.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class ServiceDiscoveryTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ServiceAndEndpoints_PodsBehindThem_InstancesWithLabelsIdentityAndReadiness()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("discovery");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, "bookinfo-reviews");
        var v1 = await ServiceAccountTokens.PendingPodAsync(client, ns, "reviews-v1-abc", "bookinfo-reviews", new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" });
        var v2 = await ServiceAccountTokens.PendingPodAsync(client, ns, "reviews-v2-def", "bookinfo-reviews", new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" });
        (await environment.Tools.KubectlAsync($$"""
            apiVersion: v1
            kind: Service
            metadata: {name: reviews, namespace: {{ns}}}
            spec:
              selector: {app: reviews}
              ports: [{name: http, port: 9080, protocol: TCP}]
            """, "apply", "-f", "-")).EnsureSuccess("kubectl apply service");
        await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "reviews" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [Address("10.1.0.11", v1)],
                    NotReadyAddresses = [Address("10.1.0.12", v2)],
                    Ports = [new Corev1EndpointPort { Name = "http", Port = 9080 }],
                },
            ],
        }, ns);

        var registry = plane.Registry.Services.GetRequiredService<IServiceRegistry>();
        var instances = await Eventually.ValueAsync(async () =>
        {
            var list = await registry.ListAsync("reviews", ns);
            return list.Count == 2 ? list.Select(l => l.Instance).OrderBy(i => i.InstanceId).ToList() : null;
        }, Timeout, () => "two reviews instances\n" + plane.Registry.Logs.Dump());
        var (ready, notReady) = (instances[0], instances[1]);
        Assert.Equal(("reviews-v1-abc", "10.1.0.11", 9080, "v1", "bookinfo-reviews", InstanceHealth.Healthy),
            (ready.InstanceId, ready.Address, ready.Port, ready.Labels["version"], ready.ServiceAccount, ready.Health));
        Assert.Equal(("reviews-v2-def", "v2", InstanceHealth.Unhealthy), (notReady.InstanceId, notReady.Labels["version"], notReady.Health));
        Assert.Contains("Endpoints", string.Join('\n', plane.Registry.Logs.Entries.Where(e => e.EventId == 6020).Select(e => e.Message)));

        // The endpoints controller moves v2 to ready, then the Service goes away.
        var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync("reviews", ns);
        endpoints.Subsets[0].Addresses.Add(endpoints.Subsets[0].NotReadyAddresses[0]);
        endpoints.Subsets[0].NotReadyAddresses = null;
        await client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "reviews", ns);
        await Eventually.TrueAsync(async () => (await registry.ListAsync("reviews", ns)).Count(l => l.Instance.Health == InstanceHealth.Healthy) == 2,
            Timeout, "both instances ready");

        (await environment.Tools.KubectlAsync(null, "delete", "service", "reviews", "-n", ns)).EnsureSuccess("kubectl delete service");
        await Eventually.TrueAsync(async () => (await registry.ListAsync("reviews", ns)).Count == 0, Timeout, "instances gone with the Service");
    }

    private static V1EndpointAddress Address(string ip, V1Pod pod) => new()
    {
        Ip = ip,
        TargetRef = new V1ObjectReference { Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
    };
}
