using GatewayMesh.KubernetesTests.Infrastructure;
using k8s;
using k8s.Models;
using Xunit;

namespace GatewayMesh.KubernetesTests.Helm;

/// <summary>The real helm binary on the chart: lint, template with default and other values, the values schema.</summary>
[Collection(KubeCollection.Name)]
public sealed class ChartTests(KubeEnvironment environment)
{
    private static readonly string NonDefaultValues = Path.Combine(RepositoryPaths.Chart, "ci", "nondefault-values.yaml");
    private readonly KubeTools _tools = environment.Tools;

    [Fact]
    public async Task Lint_DefaultAndNonDefaultValues_Pass()
    {
        (await _tools.HelmAsync("lint", "--strict", RepositoryPaths.Chart)).EnsureSuccess("helm lint");
        (await _tools.HelmAsync("lint", "--strict", RepositoryPaths.Chart, "-f", NonDefaultValues)).EnsureSuccess("helm lint -f nondefault");
    }

    [Fact]
    public async Task Template_Defaults_IngressOnNodePorts31380And31390WithIstioLabels()
    {
        var objects = await RenderAsync();
        var service = Single<V1Service>(objects, "istio-ingressgateway");
        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal((80, 31380), (service.Spec.Ports[0].Port, service.Spec.Ports[0].NodePort!.Value));
        Assert.Equal((443, 31390), (service.Spec.Ports[1].Port, service.Spec.Ports[1].NodePort!.Value));
        var ingress = Single<V1Deployment>(objects, "istio-ingressgateway");
        Assert.Equal("ingressgateway", ingress.Spec.Template.Metadata.Labels["istio"]);
        Assert.Equal("true", ingress.Spec.Template.Metadata.Annotations["prometheus.io/scrape"]);

        // The scrape annotations name what the ingress serves: its admin listener's port and the metrics path there.
        var annotations = ingress.Spec.Template.Metadata.Annotations;
        var proxy = ingress.Spec.Template.Spec.Containers.Single(c => c.Name == "istio-proxy");
        Assert.Contains($"--admin-port={annotations["prometheus.io/port"]}", proxy.Args);
        Assert.Contains("--bind=0.0.0.0", proxy.Args); // so Prometheus reaches it on the pod's address
        Assert.Contains(proxy.Ports, p => p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == annotations["prometheus.io/port"]);
        Assert.Equal(GatewayMesh.Proxy.Telemetry.Exposition.StatsEndpoint.StatsPath, annotations["prometheus.io/path"]);
        Assert.Equal(2, Single<V1Deployment>(objects, "gatewaymesh-registry").Spec.Replicas);
        Assert.Contains(objects.OfType<V1Deployment>(), d => d.Metadata.Name == "gatewaymesh-redis");

        // Tracing mesh config reaches the ingress as the keys its TelemetryDefaults bind (Telemetry:*), a percentage.
        Assert.Equal(("1", "true"), (Env(proxy, "GATEWAYMESH_Telemetry__TraceSampling"), Env(proxy, "GATEWAYMESH_Telemetry__TrustClientSampling")));
    }

    private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;

    [Fact]
    public async Task Template_IngressArguments_EverySwitchIsOneTheIngressReads()
    {
        // The configuration binder drops switches it does not know without a word: a chart argument nobody reads
        // (as --credentials-secrets-namespace was before the ingress read Secrets) must fail here instead.
        var known = GatewayMesh.Ingress.Settings.IngressOptions.RoleSwitches.Concat(GatewayMesh.Proxy.Hosting.ProxyHostOptions.Switches).Select(s => "--" + s).ToHashSet();
        foreach (var values in new[] { Array.Empty<string>(), ["-f", NonDefaultValues] })
        {
            var ingress = Single<V1Deployment>(await RenderAsync(values), "istio-ingressgateway").Spec.Template.Spec.Containers.Single(c => c.Name == "istio-proxy");
            Assert.All(ingress.Args, a => Assert.Contains(a.Split('=')[0], known));
        }
    }

    [Fact]
    public async Task Template_Defaults_EveryContainerNonRootReadOnlyAndNoSecretOrCertificateTemplated()
    {
        var objects = await RenderAsync();
        Assert.DoesNotContain(objects, o => o is V1Secret);
        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot, deployment.Metadata.Name);
            foreach (var container in deployment.Spec.Template.Spec.Containers)
            {
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{deployment.Metadata.Name}/{container.Name}");
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation, $"{deployment.Metadata.Name}/{container.Name}");
                Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
                Assert.NotNull(container.Resources.Requests);
            }
        }

        var validating = Single<V1ValidatingWebhookConfiguration>(objects, "gatewaymesh-validator");
        Assert.All(validating.Webhooks, w => Assert.Null(w.ClientConfig.CaBundle));
        var mutating = Single<V1MutatingWebhookConfiguration>(objects, "gatewaymesh-sidecar-injector");
        Assert.All(mutating.Webhooks, w => Assert.Null(w.ClientConfig.CaBundle));
        Assert.Equal("Fail", validating.Webhooks[0].FailurePolicy);
    }

    [Fact]
    public async Task Template_Defaults_LeastPrivilegeRbac()
    {
        var objects = await RenderAsync();
        var ca = Single<V1ClusterRole>(objects, "gatewaymesh-ca");
        Assert.Contains(ca.Rules, r => r.Resources.Contains("tokenreviews") && r.Verbs.SequenceEqual(["create"]));
        Assert.DoesNotContain(ca.Rules, r => r.Resources.Contains("secrets"));
        var ingress = objects.OfType<V1Role>().Single(r => r.Metadata.Name == "gatewaymesh-ingress");
        Assert.Equal("istio-system", ingress.Metadata.NamespaceProperty);
        var secrets = Assert.Single(ingress.Rules); // Secrets only, read only; every name (RBAC cannot follow Gateways)
        Assert.Equal(["secrets"], secrets.Resources);
        Assert.Equal(["get", "watch", "list"], secrets.Verbs);
        Assert.Null(secrets.ResourceNames);
        Assert.Contains("--credentials-secrets-namespace=istio-system", Single<V1Deployment>(objects, "istio-ingressgateway").Spec.Template.Spec.Containers[0].Args);
        Assert.DoesNotContain(objects.OfType<V1ClusterRoleBinding>(), b => b.Subjects.Any(s => s.Name == "istio-ingressgateway-service-account"));
        var registry = Single<V1ClusterRole>(objects, "gatewaymesh-registry");
        Assert.DoesNotContain(registry.Rules, r => r.Resources.Contains("secrets") || r.Verbs.Contains("*"));
        // In its namespace the registry reads and updates only the Secrets it makes (its API token, the Redis ACL).
        var registryRole = objects.OfType<V1Role>().Single(r => r.Metadata.Name == "gatewaymesh-registry");
        Assert.Equal(["gatewaymesh-registry-token", "gatewaymesh-redis-acl"],
            registryRole.Rules.Single(r => r.Resources.Contains("secrets") && r.Verbs.Contains("get")).ResourceNames);
        Assert.Contains("--api-token-secret=gatewaymesh-registry-token", Single<V1Deployment>(objects, "gatewaymesh-registry").Spec.Template.Spec.Containers[0].Args);
        Assert.All(registry.Rules.Where(r => r.Resources.Any(x => x.EndsWith("webhookconfigurations", StringComparison.Ordinal))),
            r => Assert.NotEmpty(r.ResourceNames));
    }

    [Fact]
    public async Task Template_NonDefaultValues_Applied()
    {
        var objects = await RenderAsync("-f", NonDefaultValues);
        var registry = Single<V1Deployment>(objects, "gatewaymesh-registry");
        Assert.Equal(3, registry.Spec.Replicas);
        var container = registry.Spec.Template.Spec.Containers[0];
        Assert.Equal("example.org/mesh/registry:1.2.3", container.Image);
        Assert.Equal("Always", container.ImagePullPolicy);
        Assert.Contains("--redis=redis.example.org:6380,ssl=true", container.Args);
        Assert.Contains("--redis-credentials-secret=mesh-redis", container.Args);
        Assert.Contains("--trust-domain=example.org", container.Args);
        Assert.DoesNotContain(objects.OfType<V1Deployment>(), d => d.Metadata.Name == "gatewaymesh-redis");
        var ca = Single<V1Deployment>(objects, "gatewaymesh-ca");
        Assert.Contains("--plugin-certs=/etc/cacerts", ca.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal("cacerts", ca.Spec.Template.Spec.Volumes.Single(v => v.Name == "cacerts").Secret.SecretName);
        var service = Single<V1Service>(objects, "istio-ingressgateway");
        Assert.Equal("LoadBalancer", service.Spec.Type);
        Assert.Equal("ingress", Single<V1Deployment>(objects, "istio-ingressgateway").Spec.Template.Metadata.Labels["istio"]);
        var ingressProxy = Single<V1Deployment>(objects, "istio-ingressgateway").Spec.Template.Spec.Containers.Single(c => c.Name == "istio-proxy");
        Assert.Equal(("50", "false"), (Env(ingressProxy, "GATEWAYMESH_Telemetry__TraceSampling"), Env(ingressProxy, "GATEWAYMESH_Telemetry__TrustClientSampling")));
        Assert.Equal(["bookinfo-credential", "httpbin-credential"], Assert.Single(objects.OfType<V1Role>().Single(r => r.Metadata.Name == "gatewaymesh-ingress").Rules).ResourceNames);
        Assert.Equal("Ignore", Single<V1ValidatingWebhookConfiguration>(objects, "gatewaymesh-validator").Webhooks[0].FailurePolicy);
        var injection = Single<V1ConfigMap>(objects, "gatewaymesh-injection").Data["injection.json"];
        Assert.Contains("\"defaultCapture\": \"http-proxy\"", injection);
        Assert.Contains("\"redisTls\": true", injection);
    }

    [Theory]
    [InlineData("registry.replicas=0", "/registry/replicas")]
    [InlineData("meshConfig.outboundTrafficPolicy=OPEN", "/meshConfig/outboundTrafficPolicy")]
    [InlineData("injection.defaultCapture=ebpf", "/injection/defaultCapture")]
    [InlineData("ingress.service.httpNodePort=80", "/ingress/service/httpNodePort")]
    [InlineData("registry.image.tag=not a tag", "/registry/image/tag")]
    [InlineData("redis.external.address=no-port", "/redis/external/address")]
    [InlineData("registry.replica=2", "additional properties 'replica' not allowed")]
    [InlineData("meshConfig.trustClientSampling=maybe", "/meshConfig/trustClientSampling")]
    [InlineData("ingress.credentialSecrets={Bad_Name}", "/ingress/credentialSecrets/0")]
    public async Task Template_ValueAgainstSchema_RefusedWithItsPath(string value, string expected)
    {
        var result = await _tools.HelmAsync("template", "gm", RepositoryPaths.Chart, "-n", "istio-system", "--set", value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }

    [Fact]
    public async Task Template_ExternalRedisWithoutAddress_RefusedByName()
    {
        var result = await _tools.HelmAsync("template", "gm", RepositoryPaths.Chart, "--set", "redis.enabled=false");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("redis.external.address is required", result.Stderr);
    }

    internal async Task<List<object>> RenderAsync(params string[] extra)
    {
        var result = (await _tools.HelmAsync(["template", "gm", RepositoryPaths.Chart, "-n", "istio-system", .. extra])).EnsureSuccess("helm template");
        return KubernetesYaml.LoadAllFromString(result.Stdout).Where(o => o is not null).ToList();
    }

    private static T Single<T>(List<object> objects, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        objects.OfType<T>().Single(o => o.Metadata.Name == name);
}
