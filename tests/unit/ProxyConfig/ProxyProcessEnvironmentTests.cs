using GatewayMesh.Core.Config.ProxyConfigs;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.ProxyConfig;

/// <summary>Issue 12: which ProxyConfigs give a proxy process its environment, and concurrency as DOTNET_PROCESSOR_COUNT.</summary>
public class ProxyProcessEnvironmentTests
{
    private static string ProxyConfig(string name, string ns, string spec) => Resource("networking.istio.io/v1beta1", "ProxyConfig", name, ns, spec);

    private static readonly string Configs = string.Join("\n---\n",
        ProxyConfig("mesh", "istio-system", "{concurrency: 4, environmentVariables: {ISTIO_META_MESH: m, LEVEL: mesh}}"),
        ProxyConfig("ns", "default", "{environmentVariables: {LEVEL: namespace}}"),
        ProxyConfig("b-reviews", "default", "{selector: {matchLabels: {app: reviews}}, concurrency: 1, environmentVariables: {LEVEL: second-by-name}}"),
        ProxyConfig("a-reviews", "default", "{selector: {matchLabels: {app: reviews}}, environmentVariables: {LEVEL: workload}}"),
        ProxyConfig("other", "prod", "{concurrency: 8, environmentVariables: {LEVEL: prod}}"));

    [Fact]
    public void For_SelectedWorkload_OverridesNamespaceOverridesMesh_OnlyTheFirstByNameAppliesAtALevel()
    {
        var environment = ProxyProcessEnvironment.For(Parse(Configs), "default", Labels(("app", "reviews"), ("version", "v2")), "istio-system");

        Assert.Equal(
            [
                KeyValuePair.Create("DOTNET_PROCESSOR_COUNT", "4"), // b-reviews's concurrency 1 does not apply: a-reviews is first
                KeyValuePair.Create("ISTIO_META_MESH", "m"),
                KeyValuePair.Create("LEVEL", "workload"),
            ],
            environment);
    }

    [Fact]
    public void For_UnselectedWorkload_GetsNamespaceAndMeshOnly_OtherNamespacesNever()
    {
        var ratings = ProxyProcessEnvironment.For(Parse(Configs), "default", Labels(("app", "ratings")), "istio-system");
        var elsewhere = ProxyProcessEnvironment.For(Parse(Configs), "staging", Labels(("app", "reviews")), "istio-system");

        Assert.Equal("namespace", ratings["LEVEL"]);
        Assert.Equal("4", ratings["DOTNET_PROCESSOR_COUNT"]);
        Assert.Equal("mesh", elsewhere["LEVEL"]);
    }

    [Fact]
    public void For_ConcurrencyZero_MeansAllCores_SetsNothing()
    {
        var environment = ProxyProcessEnvironment.For(Parse(ProxyConfig("p", "default", "{concurrency: 0}")), "default", Labels(), "istio-system");

        Assert.Empty(environment);
    }
}
