using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Sidecars;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

/// <summary>The Istio Sidecar kind: which one applies to a workload, and which hosts its proxy loads.</summary>
public class SidecarScopeTests
{
    private static string Sidecar(string name, string ns, string spec) => Resource("networking.istio.io/v1", "Sidecar", name, ns, spec);

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

    [Theory]
    [InlineData("reviews:9080", true)]
    [InlineData("reviews:9081", false)]
    [InlineData("reviews", false)]
    [InlineData("ratings:9080", false)]
    [InlineData("ratings:9081", true)]
    [InlineData("ratings", true)]
    [InlineData("details:9080", true)]
    [InlineData("details:80", true)]
    public void RouteTable_PortSpecificEgress_HostsOnlyOnTheirListenersPort(string authority, bool found)
    {
        // port 9080 imports reviews and details; every other port (the catch-all) imports ratings and details
        var yaml = Sidecar("scope", "default", """
            {egress: [{port: {number: 9080, protocol: HTTP, name: http}, hosts: ["./reviews.default.svc.cluster.local", "./details.default.svc.cluster.local"]},
                      {hosts: ["./ratings.default.svc.cluster.local", "./details.default.svc.cluster.local"]}]}
            """);

        var table = RouteTableCompiler.Compile(Snapshot(yaml, "reviews", "ratings", "details"), RoutingFixtures.Sidecar());

        Assert.Equal(found, table.FindVirtualHost(authority) is not null);
    }

    [Fact]
    public void PortsOf_ListenerPortsAndCatchAll_AsAllowOrExceptLists()
    {
        var scope = SidecarScope.For(Parse(Sidecar("s", "default", """
            {egress: [{port: {number: 9080, protocol: HTTP}, hosts: ["./reviews.default.svc.cluster.local", "./details.default.svc.cluster.local"]},
                      {port: {number: 9443, protocol: HTTP}, hosts: ["./details.default.svc.cluster.local"]},
                      {hosts: ["./ratings.default.svc.cluster.local", "./details.default.svc.cluster.local"]}]}
            """)), "default", Labels(), "istio-system")!;

        Assert.Equal("only port 9080", scope.PortsOf("default", "reviews.default.svc.cluster.local")!.ToString());
        Assert.Equal("all ports but 9080, 9443", scope.PortsOf("default", "ratings.default.svc.cluster.local")!.ToString());
        Assert.Null(scope.PortsOf("default", "details.default.svc.cluster.local"));
        Assert.Null(SidecarScope.For(Parse(Sidecar("s", "default", "{egress: [{hosts: [\"./*\"]}]}")), "default", Labels(), "istio-system")!.PortsOf("default", "reviews.default.svc.cluster.local"));
    }

    [Fact]
    public void ClusterTable_OnlyImportedHostsAndRouteDestinationsAreLoaded()
    {
        // the ratings VirtualService (imported) sends to a service in another namespace: Istio loads that destination too
        var yaml = Sidecar("scope", "default", "{egress: [{hosts: [\"./*\", \"istio-system/*\"]}]}") + "\n---\n" + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings}
            spec:
              hosts: [ratings]
              http: [{route: [{destination: {host: ratings.prod.svc.cluster.local}}]}]
            """;
        var snapshot = Snapshot(yaml, "reviews", "ratings");
        snapshot = snapshot with
        {
            Instances = snapshot.Instances.Values
                .Concat([Instance("ratings", "prod"), Instance("billing", "prod")])
                .Select(i => KeyValuePair.Create(i.Key, i)).ToValueMap(),
        };
        var proxy = RoutingFixtures.Sidecar();
        var routes = RouteTableCompiler.Compile(snapshot, proxy);

        var scoped = ClusterTableCompiler.Compile(snapshot, ClusterScope.For(snapshot, proxy, routes));
        var all = ClusterTableCompiler.Compile(snapshot);

        Assert.Equal(
            ["outbound|||ratings.default.svc.cluster.local", "outbound|||ratings.prod.svc.cluster.local", "outbound|||reviews.default.svc.cluster.local"],
            scoped.Clusters.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(all.Clusters.Keys, k => k.Host == "billing.prod.svc.cluster.local");
        Assert.Null(ClusterScope.For(snapshot, RoutingFixtures.Ingress, routes));
    }
}
