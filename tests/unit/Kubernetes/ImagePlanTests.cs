using GatewayMesh.Cli.Kubernetes;
using Xunit;

namespace GatewayMesh.UnitTests.Kubernetes;

/// <summary>
/// What <c>meshctl images build</c> runs. Base images cannot be pulled on the build machines, so the builds themselves
/// run on users' machines (charts/gatewaymesh/ci/minikube-e2e.sh); here the commands are checked.
/// </summary>
public sealed class ImagePlanTests
{
    [Fact]
    public void For_Minikube_EveryChartImagePublishedAsNonRootArchiveThenLoaded()
    {
        var steps = ImagePlan.For("0.1.0", "gatewaymesh", ImageTarget.Minikube, "/out", "gm");

        var images = steps.Select(s => s.Image).Distinct().ToList();
        Assert.Equal(["gatewaymesh/registry:0.1.0", "gatewaymesh/ca:0.1.0", "gatewaymesh/ingress:0.1.0", "gatewaymesh/sidecar:0.1.0",
            "gatewaymesh/bookinfo:0.1.0", "gatewaymesh/proxy-init:0.1.0"], images);
        var publish = steps.First(s => s.Image == "gatewaymesh/sidecar:0.1.0");
        Assert.Equal("dotnet", publish.Program);
        Assert.Contains("-t:PublishContainer", publish.Arguments);
        Assert.Contains("-p:ContainerUser=1337", publish.Arguments);
        Assert.Contains("-p:ContainerArchiveOutputPath=/out/sidecar-0.1.0.tar.gz", publish.Arguments);
        Assert.Contains(steps, s => s.Program == "minikube" && s.Arguments.SequenceEqual(["-p", "gm", "image", "load", "/out/sidecar-0.1.0.tar.gz"]));
        Assert.Equal(["-p", "gm", "image", "build", "-t", "gatewaymesh/proxy-init:0.1.0", "eng/images/proxy-init"], steps[^1].Arguments);
    }

    [Fact]
    public void For_Docker_NoArchiveAndProxyInitByDockerBuild()
    {
        var steps = ImagePlan.For("1.2.3", "example.org/mesh", ImageTarget.Docker, "/out", "minikube");
        Assert.DoesNotContain(steps, s => s.Arguments.Any(a => a.StartsWith("-p:ContainerArchiveOutputPath", StringComparison.Ordinal)));
        Assert.DoesNotContain(steps, s => s.Program == "minikube");
        Assert.Equal("docker", steps[^1].Program);
        Assert.Contains("-p:ContainerRepository=example.org/mesh/registry", steps[0].Arguments);
    }

    [Fact]
    public void Components_EveryChartImage_HasAProjectInTheRepository()
    {
        var chartValues = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "charts", "values.yaml"));
        foreach (var (name, _) in ImagePlan.Components.Where(c => c.Name != "bookinfo"))
        {
            Assert.Contains($"repository: gatewaymesh/{name}", chartValues);
        }
    }
}
