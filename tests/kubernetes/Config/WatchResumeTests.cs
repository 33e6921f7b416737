using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// The API server is restarted (etcd keeps its data) under the registry's watches. A restarted 1.20 API server's watch
/// cache starts at the current revision, so a watch from an older resourceVersion gets an ERROR (410) event and the
/// registry relists, as client-go's reflector does; the relist is applied idempotently, so the change made before the
/// outage is written once and each change made right after it exactly once (one created/configured entry each).
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class WatchResumeTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ApiServerRestart_WatchResumes_NoLostOrDuplicatedChange()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("restart");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        var before = new ResourceKey(ResourceKinds.ServiceEntry, ns, "before");
        (await environment.Tools.KubectlAsync(ServiceEntry(ns, "before", "before.example.com"), "apply", "-f", "-")).EnsureSuccess("kubectl apply");
        await Eventually.TrueAsync(async () => await store.GetAsync(before) is not null, Timeout, "the first entry stored");

        await environment.Server.RestartAsync();
        (await environment.Tools.KubectlAsync(ServiceEntry(ns, "after", "after.example.com"), "apply", "-f", "-")).EnsureSuccess("kubectl apply after restart");
        (await environment.Tools.KubectlAsync(ServiceEntry(ns, "before", "changed.example.com"), "apply", "-f", "-")).EnsureSuccess("kubectl apply change");

        await Eventually.TrueAsync(async () =>
            await store.GetAsync(new ResourceKey(ResourceKinds.ServiceEntry, ns, "after")) is not null &&
            await store.GetAsync(before) is ServiceEntry { Spec.Hosts: [var host] } && host == "changed.example.com",
            Timeout, () => "both changes made after the restart stored\n" + plane.Registry.Logs.Dump());
        Assert.Equal(1, plane.Registry.Logs.Count(6010, $"created ServiceEntry/{ns}/before"));
        Assert.Equal(1, plane.Registry.Logs.Count(6010, $"configured ServiceEntry/{ns}/before"));
        Assert.Equal(1, plane.Registry.Logs.Count(6010, $"created ServiceEntry/{ns}/after"));
    }

    private static string ServiceEntry(string ns, string name, string host) => $"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          hosts: [{host}]
          location: MESH_EXTERNAL
          ports: [{"{"}number: 443, name: https, protocol: TLS{"}"}]
          resolution: DNS
        """;
}
