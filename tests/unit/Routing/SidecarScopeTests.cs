using GatewayMesh.Core.Config.Sidecars;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

/// <summary>The Istio Sidecar kind: which one applies to a workload, and which hosts its proxy loads.</summary>
public class SidecarScopeTests
{
    private static string Sidecar(string name, string ns, string spec) => $"""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec: {spec}
        """;

    [Fact]
    public void For_SelectorBeatsNamespaceDefaultBeatsRootDefault()
    {
        var configs = Parse(string.Join("\n---\n",
            Sidecar("mesh", "istio-system", "{egress: [{hosts: [\"*/*\"]}]}"),
            Sidecar("ns", "default", "{egress: [{hosts: [\"./*\"]}]}"),
            Sidecar("reviews", "default", "{workloadSelector: {labels: {app: reviews}}, egress: [{hosts: [\"istio-system/*\"]}]}")));

        Assert.Equal("reviews", SidecarScope.For(configs, "default", Labels(("app", "reviews")), "istio-system")!.Resource.Metadata.Name);
        Assert.Equal("ns", SidecarScope.For(configs, "default", Labels(("app", "ratings")), "istio-system")!.Resource.Metadata.Name);
        Assert.Equal("mesh", SidecarScope.For(configs, "prod", Labels(("app", "reviews")), "istio-system")!.Resource.Metadata.Name);
        Assert.Null(SidecarScope.For(configs, "prod", Labels(), "mesh-root"));
    }

    [Theory]
    [InlineData("./*", "default", "reviews.default.svc.cluster.local", true)]
    [InlineData("./*", "prod", "billing.prod.svc.cluster.local", false)]
    [InlineData("*/reviews.default.svc.cluster.local", "default", "reviews.default.svc.cluster.local", true)]
    [InlineData("*/reviews.default.svc.cluster.local", "default", "ratings.default.svc.cluster.local", false)]
    [InlineData("prod/*.prod.svc.cluster.local", "prod", "billing.prod.svc.cluster.local", true)]
    [InlineData("~/*", "default", "reviews.default.svc.cluster.local", false)]
    [InlineData("*/*.example.com", "default", "api.example.com", true)]
    public void Imports_NamespaceAndHostOfEachEgressEntry(string entry, string configNamespace, string host, bool imported)
    {
        var configs = Parse(Sidecar("s", "default", $"{{egress: [{{hosts: [\"{entry}\"]}}]}}"));

        Assert.Equal(imported, SidecarScope.For(configs, "default", Labels(), "istio-system")!.Imports(configNamespace, host));
    }

    [Fact]
    public void OutboundMode_FromThePolicy_NullWhenUnset()
    {
        Assert.Null(SidecarScope.For(Parse(Sidecar("s", "default", "{egress: [{hosts: [\"./*\"]}]}")), "default", Labels(), "istio-system")!.OutboundMode);
        Assert.Equal(
            Core.Config.Model.OutboundTrafficMode.RegistryOnly,
            SidecarScope.For(Parse(Sidecar("s", "default", "{outboundTrafficPolicy: {mode: REGISTRY_ONLY}}")), "default", Labels(), "istio-system")!.OutboundMode);
    }

    [Fact]
    public void RouteTable_OnlyImportedHostsAreLoaded()
    {
        var yaml = Sidecar("scope", "default", "{egress: [{hosts: [\"./reviews.default.svc.cluster.local\", \"istio-system/*\"]}]}") + "\n---\n" + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings}
            spec:
              hosts: [ratings]
              http: [{route: [{destination: {host: ratings}}]}]
            """;

        var table = RouteTableCompiler.Compile(Snapshot(yaml, "reviews", "ratings", "details"), RoutingFixtures.Sidecar());

        Assert.NotNull(table.FindVirtualHost("reviews"));
        Assert.Null(table.FindVirtualHost("ratings"));
        Assert.Null(table.FindVirtualHost("details"));
        Assert.Equal(3, RouteTableCompiler.Compile(Snapshot(yaml.Replace("name: scope, namespace: default", "name: scope, namespace: other", StringComparison.Ordinal), "reviews", "ratings", "details"), RoutingFixtures.Sidecar()).VirtualHosts.Count);
    }
}
