using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.KubernetesTests.Injection;

/// <summary>
/// ProxyConfig reaches the chart's ingress gateway as Istio's gateway injection does (issue 12): a pod made from the
/// installed <c>istio-ingressgateway</c> Deployment's template, created through the real API server, goes through the
/// registry's injector, whose gateway template gives its own <c>istio-proxy</c> container the variables of the
/// ProxyConfig selecting <c>istio: ingressgateway</c>, and adds no sidecar.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class GatewayInjectionTests(KubeEnvironment environment)
{
    [Fact]
    public async Task ChartIngressPod_ProxyConfigSelectsTheGateway_ItsProxyContainerGetsTheVariablesAndNoSidecar()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var file = Path.Combine(Path.GetTempPath(), $"gateway-proxyconfig-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: ingress-gateway-tuning}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              concurrency: 2
              environmentVariables: {GATEWAY_TIER: edge}
            """);
        var name = $"istio-ingressgateway-{Guid.NewGuid():N}"[..40];
        try
        {
            (await environment.Tools.KubectlAsync(null, "apply", "-n", ControlPlane.Namespace, "-f", file)).EnsureSuccess("kubectl apply proxyconfig");
            var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
            await Eventually.TrueAsync(
                async () => await store.GetAsync(new ResourceKey(ResourceKinds.ProxyConfig, ControlPlane.Namespace, "ingress-gateway-tuning")) is not null,
                TimeSpan.FromSeconds(30), "the ProxyConfig in the store");

            var template = (await client.AppsV1.ReadNamespacedDeploymentAsync("istio-ingressgateway", ControlPlane.Namespace)).Spec.Template;
            template.Metadata.Name = name;
            var created = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = template.Metadata, Spec = template.Spec }, ControlPlane.Namespace);

            var proxy = Assert.Single(created.Spec.Containers);
            Assert.Equal("istio-proxy", proxy.Name);
            Assert.Null(created.Spec.InitContainers);
            // What the injector added: the chart sets variables of its own (telemetry switches), which are not ProxyConfig's.
            var chartOwn = (template.Spec.Containers.Single().Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var variables = proxy.Env.Where(e => e.Value is not null && !chartOwn.Contains(e.Name)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["DOTNET_PROCESSOR_COUNT=2", "GATEWAYMESH_PROXYCONFIG_VARIABLES=DOTNET_PROCESSOR_COUNT,GATEWAY_TIER", "GATEWAY_TIER=edge"], variables);
            Assert.Contains("\"template\":\"gateway\"", created.Metadata.Annotations["sidecar.istio.io/status"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            await environment.Tools.KubectlAsync(null, "delete", "proxyconfig", "ingress-gateway-tuning", "-n", ControlPlane.Namespace, "--ignore-not-found");
            await environment.Tools.KubectlAsync(null, "delete", "pod", name, "-n", ControlPlane.Namespace, "--ignore-not-found", "--wait=false");
        }
    }
}
