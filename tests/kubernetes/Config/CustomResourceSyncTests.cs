using System.Text.Json;
using GatewayMesh.Cli.Input;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using k8s;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>kubectl apply of Istio's YAML → the registry (leader) validates it and writes it into Redis; status and deletes.</summary>
[Collection(KubeCollection.Name)]
public sealed class CustomResourceSyncTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string Bookinfo = Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo");

    [Fact]
    public async Task KubectlApply_BookinfoNetworking_StoredInRedisAndAccepted()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("bookinfo");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        foreach (var file in new[] { "bookinfo-gateway.yaml", "destination-rule-all.yaml", "virtual-service-all-v1.yaml" })
        {
            (await environment.Tools.KubectlAsync(null, "apply", "-n", ns, "-f", Path.Combine(Bookinfo, file))).EnsureSuccess("kubectl apply " + file);
        }

        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        var stored = await Eventually.ValueAsync(async () =>
        {
            var items = await store.ListAsync(null, ns);
            return items.Count == 1 + 4 + 5 ? items : null;
        }, Timeout, () => "the gateway, 4 destination rules and 5 virtual services in the store\n" + plane.Registry.Logs.Dump());
        var reviews = Assert.IsType<VirtualService>(stored.Single(r => r.Key == new ResourceKey(ResourceKinds.VirtualService, ns, "reviews")));
        Assert.Equal("v1", reviews.Spec.Http[0].Route[0].Destination!.Subset);

        // kubectl get shows the printer columns and the registry's Accepted status.
        await Eventually.TrueAsync(async () =>
        {
            var table = (await environment.Tools.KubectlAsync(null, "get", "virtualservices", "-n", ns)).Stdout;
            return table.Contains("GATEWAYS", StringComparison.Ordinal) && table.Contains("HOSTS", StringComparison.Ordinal) &&
                table.Split('\n').Count(l => l.Contains(" True ", StringComparison.Ordinal)) == 5;
        }, Timeout, "five Accepted virtual services in kubectl get vs");
        var gateways = (await environment.Tools.KubectlAsync(null, "get", "gw", "-n", ns)).EnsureSuccess("kubectl get gw").Stdout;
        Assert.Contains("bookinfo-gateway", gateways);
    }

    [Fact]
    public async Task KubectlDelete_VirtualService_DeletedFromRedis()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("delete");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        (await environment.Tools.KubectlAsync(null, "apply", "-n", ns, "-f", Path.Combine(Bookinfo, "virtual-service-reviews-v3.yaml"))).EnsureSuccess("kubectl apply");
        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        var key = new ResourceKey(ResourceKinds.VirtualService, ns, "reviews");
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is not null, Timeout, "reviews in the store");

        (await environment.Tools.KubectlAsync(null, "delete", "vs", "reviews", "-n", ns)).EnsureSuccess("kubectl delete");
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is null, Timeout, "reviews gone from the store");
    }

    [Fact]
    public async Task KubectlApply_BadVirtualService_RefusedByTheWebhookWithMeshctlValidateMessages()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("invalid");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        var yaml = $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: {ns}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {"{"}host: "", subset: v1{"}"}
                  weight: -5
                - destination: {"{"}host: reviews, subset: "Not A Subset"{"}"}
            """;
        var result = await environment.Tools.KubectlAsync(yaml, "apply", "-f", "-");
        Assert.True(result.ExitCode != 0, $"kubectl apply exited 0: {result.Stdout} {result.Stderr}");
        Assert.Contains("denied the request", result.Stderr);
        var expected = OfflineCheck.Run([new InputDocument("-", yaml)]).Errors.Select(e => e.Path).ToList();
        Assert.NotEmpty(expected);
        Assert.Contains(expected, path => path.StartsWith("spec.http[0].route[0]", StringComparison.Ordinal));
        foreach (var path in expected)
        {
            Assert.True(result.Stderr.Contains(path, StringComparison.Ordinal), $"{path} not in: {result.Stderr}");
        }

        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        Assert.Null(await store.GetAsync(new ResourceKey(ResourceKinds.VirtualService, ns, "reviews")));
    }

    [Fact]
    public async Task ApiServerObject_InvalidAfterTheWebhook_StatusFalseAndLastGoodKept()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("status");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        var client = environment.Server.Client;
        var good = JsonSerializer.Deserialize<JsonElement>($$$"""
            {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"reviews","namespace":"{{{ns}}}"},
             "spec":{"host":"reviews","subsets":[{"name":"v1","labels":{"version":"v1"}}]}}
            """);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(good, "networking.istio.io", "v1", ns, "destinationrules");
        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        var key = new ResourceKey(ResourceKinds.DestinationRule, ns, "reviews");
        await Eventually.TrueAsync(async () => await store.GetAsync(key) is not null, Timeout, "the good rule stored");

        // The webhook and the registry run the same checks, but an object can still be invalid in the API server when
        // it was written while the webhook was not in force (installed later, failurePolicy Ignore): make one so.
        var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("gatewaymesh-validator");
        await client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync("gatewaymesh-validator");
        try
        {
            var bad = JsonSerializer.Deserialize<JsonElement>("""
                [{"op":"replace","path":"/spec/subsets/0/name","value":"Not A Name"}]
                """);
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(new k8s.Models.V1Patch(bad, k8s.Models.V1Patch.PatchType.JsonPatch),
                "networking.istio.io", "v1", ns, "destinationrules", "reviews");
        }
        finally
        {
            validating.Metadata.ResourceVersion = null;
            await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(validating);
        }

        var status = await Eventually.ValueAsync(async () =>
        {
            var json = JsonSerializer.SerializeToElement(await client.CustomObjects.GetNamespacedCustomObjectAsync("networking.istio.io", "v1", ns, "destinationrules", "reviews"));
            return json.TryGetProperty("status", out var s) && s.GetProperty("conditions")[0].GetProperty("status").GetString() == "False" ? s.GetRawText() : null;
        }, Timeout, "Accepted=False on the invalid rule");
        Assert.Contains("spec.subsets[0].name", JsonDocument.Parse(status).RootElement.GetProperty("conditions")[0].GetProperty("message").GetString());
        var kept = Assert.IsType<DestinationRule>(await store.GetAsync(key));
        Assert.Equal("v1", kept.Spec.Subsets[0].Name);
    }
}
