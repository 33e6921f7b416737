using GatewayMesh.KubernetesTests.Infrastructure;
using k8s.Models;
using k8s;
using Xunit;

namespace GatewayMesh.KubernetesTests.Helm;

/// <summary>helm install against the real API server: a server-side dry run, then for real; every object accepted.</summary>
[Collection(KubeCollection.Name)]
public sealed class InstallTests(KubeEnvironment environment)
{
    [Fact]
    public async Task InstallDryRunServer_DefaultValues_Succeeds()
    {
        var plane = await environment.ControlPlaneAsync();
        Assert.True(plane.DryRun.ExitCode == 0, plane.DryRun.Stderr);
        Assert.Contains("STATUS: pending-install", plane.DryRun.Stdout);
    }

    [Fact]
    public async Task Install_DefaultValues_EveryObjectAcceptedByTheApiServer()
    {
        var plane = await environment.ControlPlaneAsync();
        Assert.Contains("STATUS: deployed", plane.Install.Stdout);
        var manifest = (await environment.Tools.HelmAsync("get", "manifest", "gm", "-n", ControlPlane.Namespace)).EnsureSuccess("helm get manifest").Stdout;
        var found = await environment.Tools.KubectlAsync(manifest, "get", "-f", "-", "-o", "name");
        Assert.True(found.ExitCode == 0, found.Stderr);
        var names = found.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(plane.Manifest.Count, names.Length);
        Assert.Contains("deployment.apps/istio-ingressgateway", names);
        Assert.Contains("service/istio-ingressgateway", names);
        Assert.Contains("mutatingwebhookconfiguration.admissionregistration.k8s.io/gatewaymesh-sidecar-injector", names);
    }

    [Fact]
    public async Task Install_Crds_EveryMeshKindServedWithShortNames()
    {
        await environment.ControlPlaneAsync();
        var resources = (await environment.Tools.KubectlAsync(null, "api-resources", "--api-group", "networking.istio.io", "-o", "wide")).EnsureSuccess("kubectl api-resources").Stdout;
        foreach (var expected in new[] { "virtualservices", "vs", "gateways", "gw", "destinationrules", "dr", "serviceentries", "se" })
        {
            Assert.Contains(expected, resources);
        }

        var security = (await environment.Tools.KubectlAsync(null, "api-resources", "--api-group", "security.istio.io")).EnsureSuccess("kubectl api-resources").Stdout;
        Assert.Contains("peerauthentications", security);
        Assert.Contains("authorizationpolicies", security);
        var crds = await environment.Server.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync(labelSelector: "app.kubernetes.io/part-of=gatewaymesh");
        Assert.Equal(GatewayMesh.Core.Config.Model.ResourceKinds.All.Count, crds.Items.Count);
        Assert.All(crds.Items, crd => Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True"));
    }

    [Fact]
    public async Task Install_IngressService_NodePorts31380And31390()
    {
        await environment.ControlPlaneAsync();
        var service = await environment.Server.Client.CoreV1.ReadNamespacedServiceAsync("istio-ingressgateway", ControlPlane.Namespace);
        Assert.Equal([(80, 31380), (443, 31390)], service.Spec.Ports.Select(p => (p.Port, p.NodePort ?? 0)));
        var deployment = await environment.Server.Client.AppsV1.ReadNamespacedDeploymentAsync("istio-ingressgateway", ControlPlane.Namespace);
        Assert.Equal("ingressgateway", deployment.Spec.Template.Metadata.Labels["istio"]);
        Assert.IsType<V1Deployment>(deployment);
    }
}
