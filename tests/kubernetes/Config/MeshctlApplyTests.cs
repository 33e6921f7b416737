using System.Text.Json;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// <c>meshctl apply</c> against a Kubernetes-mode registry: Kubernetes is the store of record, so the registry writes
/// custom resources through the API server (and says so), and its CRD watch stores them in Redis as after kubectl.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class MeshctlApplyTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MeshctlApply_WritesCustomResources_ThenRedisFollows_AndDeleteRemovesBoth()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("meshctl");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        var key = new ResourceKey(ResourceKinds.VirtualService, ns, "reviews");

        var apply = (await Meshctl.RunAsync(plane.Registry, Reviews(ns, "v1"), "apply", "-f", "-")).EnsureSuccess("meshctl apply");
        Assert.Contains("virtualservice.networking.istio.io/reviews created", apply.Stdout);
        Assert.Contains("written to Kubernetes", apply.Stdout);

        // The custom resource is in the API server, as kubectl shows it, and the watch brings it into Redis, Accepted.
        var cr = JsonDocument.Parse((await environment.Tools.KubectlAsync(null, "get", "vs", "reviews", "-n", ns, "-o", "json")).EnsureSuccess("kubectl get vs").Stdout).RootElement;
        Assert.Equal("reviews", cr.GetProperty("spec").GetProperty("hosts")[0].GetString());
        Assert.Equal("v1", cr.GetProperty("spec").GetProperty("http")[0].GetProperty("route")[0].GetProperty("destination").GetProperty("subset").GetString());
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is VirtualService vs && vs.Spec.Http[0].Route[0].Destination!.Subset == "v1",
            Timeout, () => "reviews (v1) in the store\n" + plane.Registry.Logs.Dump());
        await Eventually.TrueAsync(async () => (await environment.Tools.KubectlAsync(null, "get", "vs", "reviews", "-n", ns)).Stdout.Contains(" True ", StringComparison.Ordinal),
            Timeout, "reviews Accepted in kubectl get vs");

        var again = (await Meshctl.RunAsync(plane.Registry, Reviews(ns, "v1"), "apply", "-f", "-")).EnsureSuccess("meshctl apply again");
        Assert.Contains("virtualservice.networking.istio.io/reviews unchanged", again.Stdout);

        var changed = (await Meshctl.RunAsync(plane.Registry, Reviews(ns, "v3"), "apply", "-f", "-")).EnsureSuccess("meshctl apply v3");
        Assert.Contains("virtualservice.networking.istio.io/reviews configured", changed.Stdout);
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is VirtualService vs && vs.Spec.Http[0].Route[0].Destination!.Subset == "v3",
            Timeout, () => "reviews (v3) in the store\n" + plane.Registry.Logs.Dump());

        (await Meshctl.RunAsync(plane.Registry, "", "delete", "vs", "reviews", "-n", ns)).EnsureSuccess("meshctl delete");
        var gone = await environment.Tools.KubectlAsync(null, "get", "vs", "reviews", "-n", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr);
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is null, Timeout, "reviews gone from the store");
    }

    [Fact]
    public async Task MeshctlApply_Invalid_RefusedWithFieldPaths_NothingWrittenToKubernetes()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("meshctl-bad");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);

        var result = await Meshctl.RunAsync(plane.Registry, Reviews(ns, "Not A Subset"), "apply", "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.http[0].route[0].destination.subset", result.Stderr + result.Stdout);
        var get = await environment.Tools.KubectlAsync(null, "get", "vs", "reviews", "-n", ns);
        Assert.Contains("NotFound", get.Stderr);
    }

    private static string Reviews(string ns, string subset) => $"""
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: reviews
          namespace: {ns}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {"{"}host: reviews, subset: "{subset}"{"}"}
        """;
}
