using System.Text.Json;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.KubernetesTests.Infrastructure;
using GatewayMesh.Registry.Kubernetes.Admission;
using GatewayMesh.Registry.Kubernetes.Injection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.KubernetesTests.Injection;

/// <summary>
/// Pods created through the real API server in a namespace labelled istio-injection=enabled: the API server calls the
/// registry's injector (clientConfig.url on 127.0.0.1, caBundle patched by the registry), and the stored pod has the
/// sidecar, the init container and the token volume. No kubelet runs, so the pods stay Pending.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class InjectionTests(KubeEnvironment environment)
{
    [Fact]
    public async Task CreatePod_InjectionEnabledNamespace_StoredPodHasSidecarInitAndTokenVolume()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var created = await client.CoreV1.CreateNamespacedPodAsync(Pod("reviews-v2-x", "bookinfo-reviews", new() { ["app"] = "reviews", ["version"] = "v2" }), ns);
        var pod = await client.CoreV1.ReadNamespacedPodAsync(created.Metadata.Name, ns);

        Assert.Equal(["istio-proxy", "reviews"], pod.Spec.Containers.Select(c => c.Name));
        var sidecar = pod.Spec.Containers[0];
        Assert.Equal("gatewaymesh/sidecar:0.1.0", sidecar.Image);
        Assert.True(sidecar.SecurityContext.RunAsNonRoot);
        Assert.Equal(1337, sidecar.SecurityContext.RunAsUser);
        Assert.True(sidecar.SecurityContext.ReadOnlyRootFilesystem);
        var args = string.Join(' ', sidecar.Args);
        Assert.Contains($"--service reviews --version v2 --namespace {ns} --service-account bookinfo-reviews", args);
        Assert.Contains("--app-port 9080", args);
        Assert.Contains("--capture iptables", args);
        Assert.NotNull(sidecar.Lifecycle.PostStart.Exec);

        var init = Assert.Single(pod.Spec.InitContainers);
        Assert.Equal("istio-init", init.Name);
        Assert.Equal(["NET_ADMIN", "NET_RAW"], init.SecurityContext.Capabilities.Add);
        Assert.Contains("--to-ports 15006", init.Env.Single(e => e.Name == "GATEWAYMESH_IPTABLES_RULES").Value);

        var token = pod.Spec.Volumes.Single(v => v.Name == "gatewaymesh-ca-token").Projected.Sources.Single().ServiceAccountToken;
        Assert.Equal(("gatewaymesh-ca", 3600L), (token.Audience, token.ExpirationSeconds ?? 0));
        Assert.Contains(sidecar.VolumeMounts, m => m.Name == "gatewaymesh-ca-token");
        Assert.Equal("istio", pod.Metadata.Labels["security.istio.io/tlsMode"]);
        using var status = JsonDocument.Parse(pod.Metadata.Annotations["sidecar.istio.io/status"]);
        Assert.Equal("istio-proxy", status.RootElement.GetProperty("containers")[0].GetString());
    }

    [Fact]
    public async Task CreatePod_HttpProxyAnnotation_AppGetsHttpProxyAndNoInitContainer()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var pod = Pod("ratings-v1-y", "default", new() { ["app"] = "ratings", ["version"] = "v1" });
        pod.Metadata.Annotations = new Dictionary<string, string> { [SidecarInjector.CaptureAnnotation] = CaptureModes.HttpProxy };
        var stored = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        Assert.Null(stored.Spec.InitContainers);
        var app = stored.Spec.Containers.Single(c => c.Name == "reviews");
        Assert.Equal("http://127.0.0.1:15001", app.Env.Single(e => e.Name == "HTTP_PROXY").Value);
        Assert.Contains("--inbound-port 9080", string.Join(' ', stored.Spec.Containers[0].Args));
    }

    [Fact]
    public async Task CreatePod_TrafficExclusionAnnotations_InitRulesLeaveThemUncaptured()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var pod = Pod("reviews-v3-e", "bookinfo-reviews", new() { ["app"] = "reviews", ["version"] = "v3" });
        pod.Metadata.Annotations = new Dictionary<string, string>
        {
            [TrafficExclusions.InboundPortsAnnotation] = "9443, 8080",
            [TrafficExclusions.OutboundPortsAnnotation] = "5432",
            [TrafficExclusions.OutboundRangesAnnotation] = "10.96.0.0/12,192.168.1.7/32",
        };
        var stored = await client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var rules = stored.Spec.InitContainers.Single().Env.Single(e => e.Name == "GATEWAYMESH_IPTABLES_RULES").Value;
        Assert.Contains("-A GATEWAYMESH_INBOUND -p tcp --dport 8080 -j RETURN", rules);
        Assert.Contains("-A GATEWAYMESH_INBOUND -p tcp --dport 9443 -j RETURN", rules);
        Assert.Contains("-A GATEWAYMESH_OUTPUT -p tcp --dport 5432 -j RETURN", rules);
        Assert.Contains("-A GATEWAYMESH_OUTPUT -d 10.96.0.0/12 -j RETURN", rules);
        Assert.Contains("-A GATEWAYMESH_OUTPUT -d 192.168.1.7/32 -j RETURN", rules);
        Assert.True(rules.IndexOf("--dport 5432", StringComparison.Ordinal) < rules.IndexOf("-j GATEWAYMESH_REDIRECT", rules.IndexOf("-A GATEWAYMESH_OUTPUT", StringComparison.Ordinal), StringComparison.Ordinal),
            "the exclusions come before the redirect:\n" + rules);
    }

    [Fact]
    public async Task CreatePod_InvalidTrafficExclusions_RefusedNamingEveryBadValue()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var pod = Pod("reviews-v3-bad", "bookinfo-reviews", new() { ["app"] = "reviews", ["version"] = "v3" });
        pod.Metadata.Annotations = new Dictionary<string, string>
        {
            [TrafficExclusions.OutboundPortsAnnotation] = "5432,70000,db",
            [TrafficExclusions.OutboundRangesAnnotation] = "10.0.0.0/33,fd00::/8",
        };

        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.CreateNamespacedPodAsync(pod, ns));

        using var status = JsonDocument.Parse(refused.Response.Content);
        var message = status.RootElement.GetProperty("message").GetString();
        Assert.Contains("metadata.annotations[\"traffic.sidecar.istio.io/excludeOutboundPorts\"]: '70000' is not a port", message);
        Assert.Contains("'db' is not a port", message);
        Assert.Contains("metadata.annotations[\"traffic.sidecar.istio.io/excludeOutboundIPRanges\"]: '10.0.0.0/33' is not an IPv4 CIDR", message);
        Assert.Contains("'fd00::/8' is not an IPv4 CIDR", message);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items); // nothing stored
    }

    [Fact]
    public async Task CreatePod_OptedOutByLabelOrAnnotation_NotInjected()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var byLabel = await client.CoreV1.CreateNamespacedPodAsync(Pod("by-label", "default", new() { ["app"] = "a", ["sidecar.istio.io/inject"] = "false" }), ns);
        var annotated = Pod("by-annotation", "default", new() { ["app"] = "b" });
        annotated.Metadata.Annotations = new Dictionary<string, string> { ["sidecar.istio.io/inject"] = "false" };
        var byAnnotation = await client.CoreV1.CreateNamespacedPodAsync(annotated, ns);

        Assert.Single(byLabel.Spec.Containers);
        Assert.Single(byAnnotation.Spec.Containers);
    }

    [Fact]
    public async Task CreatePod_NamespaceWithoutLabel_NotInjectedUnlessThePodAsks()
    {
        await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("plain");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        var plain = await client.CoreV1.CreateNamespacedPodAsync(Pod("plain", "default", new() { ["app"] = "a" }), ns);
        var asking = await client.CoreV1.CreateNamespacedPodAsync(Pod("asking", "default", new() { ["app"] = "b", ["sidecar.istio.io/inject"] = "true" }), ns);

        Assert.Single(plain.Spec.Containers);
        Assert.Equal("istio-proxy", asking.Spec.Containers[0].Name);
    }

    [Fact]
    public async Task Review_AlreadyInjectedPod_NoSecondPatch()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var stored = await client.CoreV1.CreateNamespacedPodAsync(Pod("twice", "default", new() { ["app"] = "a" }), ns);
        var injector = plane.Registry.Services.GetRequiredService<SidecarInjector>();
        var response = injector.Review(
            new AdmissionRequest
            {
                Uid = "u1",
                Kind = new GroupVersionKind("", "v1", "Pod"),
                Namespace = ns,
                Operation = "CREATE",
                Object = JsonSerializer.SerializeToElement(JsonDocument.Parse(KubernetesJson.Serialize(stored)).RootElement),
            },
            []);
        Assert.True(response.Allowed);
        Assert.Null(response.Patch);
    }

    [Fact]
    public async Task CreatePod_ProxyConfigsInItsNamespace_SidecarGetsTheirVariablesAndConcurrency()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = await InjectedNamespaceAsync(client);
        var file = Path.Combine(Path.GetTempPath(), $"proxyconfigs-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: namespace-wide}
            spec: {concurrency: 1, environmentVariables: {TRACE_LEVEL: low, REGION: eu}}
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: reviews}
            spec:
              selector: {matchLabels: {app: reviews}}
              concurrency: 2
              environmentVariables: {TRACE_LEVEL: high}
            """);
        try
        {
            (await environment.Tools.KubectlAsync(null, "apply", "-n", ns, "-f", file)).EnsureSuccess("kubectl apply proxyconfigs");
        }
        finally
        {
            File.Delete(file);
        }

        var store = plane.Registry.Services.GetRequiredService<IConfigStore>();
        await Eventually.TrueAsync(async () => (await store.ListAsync(ResourceKinds.ProxyConfig, ns)).Count == 2, TimeSpan.FromSeconds(30), "both ProxyConfigs in the store");

        var reviews = await client.CoreV1.CreateNamespacedPodAsync(Pod("reviews-v1-p", "bookinfo-reviews", new() { ["app"] = "reviews", ["version"] = "v1" }), ns);
        var ratings = await client.CoreV1.CreateNamespacedPodAsync(Pod("ratings-v1-p", "default", new() { ["app"] = "ratings", ["version"] = "v1" }), ns);

        Assert.Equal(
            ["DOTNET_PROCESSOR_COUNT=2", "GATEWAYMESH_PROXYCONFIG_VARIABLES=DOTNET_PROCESSOR_COUNT,REGION,TRACE_LEVEL", "REGION=eu", "TRACE_LEVEL=high"],
            ProxyConfigVariables(reviews));
        Assert.Equal(
            ["DOTNET_PROCESSOR_COUNT=1", "GATEWAYMESH_PROXYCONFIG_VARIABLES=DOTNET_PROCESSOR_COUNT,REGION,TRACE_LEVEL", "REGION=eu", "TRACE_LEVEL=low"],
            ProxyConfigVariables(ratings));
        Assert.DoesNotContain(reviews.Spec.Containers[1].Env ?? [], e => e.Name == "TRACE_LEVEL"); // the proxy's, not the app's
    }

    /// <summary>The sidecar container's plain-value variables (the ProxyConfig ones; the others come from fieldRefs), sorted.</summary>
    private static List<string> ProxyConfigVariables(V1Pod pod) =>
        [.. pod.Spec.Containers.Single(c => c.Name == "istio-proxy").Env.Where(e => e.Value is not null).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal)];

    private static async Task<string> InjectedNamespaceAsync(IKubernetes client)
    {
        var ns = TestNamespaces.New("injected");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns, new Dictionary<string, string> { ["istio-injection"] = "enabled" });
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, "bookinfo-reviews");
        return ns;
    }

    private static V1Pod Pod(string name, string serviceAccount, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            ServiceAccountName = serviceAccount,
            Containers = [new V1Container { Name = "reviews", Image = "gatewaymesh/bookinfo:0.1.0", Ports = [new V1ContainerPort { ContainerPort = 9080 }] }],
        },
    };
}
