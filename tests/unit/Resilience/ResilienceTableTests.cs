using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.UnitTests.Routing;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Pipelines are built once per compiled table and reused across reloads while their policy is equal.</summary>
public sealed class ResilienceTableTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Build_SameConfigCompiledAgain_ReusesEveryPipeline()
    {
        var first = Build(Config("3s"), ResilienceTable.Empty);
        var second = Build(Config("3s"), first.Table);

        Assert.Equal(2, first.Built);
        Assert.Equal(0, second.Built);
        Assert.Equal(2, second.Reused);
        foreach (var (key, pipeline) in first.Table.Pipelines)
        {
            Assert.Same(pipeline, second.Table.Pipelines[key]);
        }
    }

    [Fact]
    public void Build_OneRouteTimeoutChanged_RebuildsOnlyThatPipeline()
    {
        var first = Build(Config("3s"), ResilienceTable.Empty);
        var second = Build(Config("5s"), first.Table);

        Assert.Equal(1, second.Built);
        Assert.Equal(1, second.Reused);
    }

    [Fact]
    public void TryGet_RuleAndDestinationOfTheTable_RouteWithPolicyAndName()
    {
        var routes = Compile(Config("3s"));
        var (table, _, _) = ResilienceTable.Build(1, routes, ResilienceTable.Empty, _harness.Builder);
        var rule = routes.VirtualHosts.Single().Rules[0];
        var destination = ((ForwardAction)rule.Action).Destinations.Destinations[0];

        Assert.True(table.TryGet(rule, destination, out var route));
        Assert.Equal(TimeSpan.FromSeconds(3), route.Policy.Timeout);
        Assert.Equal("default/site/slow", route.Name);
        Assert.Equal(TimeSpan.FromSeconds(4), route.RequestConfig.ActivityTimeout);
    }

    [Fact]
    public void Compile_HedgingAnnotation_CarriedOnEveryRuleOfTheVirtualService()
    {
        var routes = Compile(Config("3s", "\n  annotations: {gatewaymesh.io/hedging: \"delay=50ms,max=2\"}"));

        Assert.All(routes.VirtualHosts.Single().Rules, r => Assert.Equal(new(TimeSpan.FromMilliseconds(50), 2), r.Policies.Hedging));
    }

    [Fact]
    public void Validate_BadHedgingAnnotation_ErrorNamesTheAnnotation()
    {
        var resource = ConfigParser.Parse(Config("3s", "\n  annotations: {gatewaymesh.io/hedging: \"delay=50ms,max=20\"}")).Resources
            .Single(r => r.Kind == "VirtualService");

        var error = Assert.Single(ConfigValidator.Validate(resource));

        Assert.Equal("metadata.annotations[gatewaymesh.io/hedging]", error.Path);
        Assert.Contains("max must be a whole number from 1 to 10, got \"20\"", error.Message);
    }

    private (ResilienceTable Table, int Built, int Reused) Build(string yaml, ResilienceTable previous) =>
        ResilienceTable.Build(1, Compile(yaml), previous, _harness.Builder);

    private static RouteTable Compile(string yaml) => RouteTableCompiler.Compile(RoutingFixtures.Snapshot(yaml, "reviews", "ratings"), RoutingFixtures.Ingress);

    private static string Config(string slowTimeout, string metadataExtra = "") => $$$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: site{{{metadataExtra}}}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - name: slow
            match: [{uri: {prefix: /slow}}]
            timeout: {{{slowTimeout}}}
            route: [{destination: {host: reviews}}]
          - name: rest
            retries: {attempts: 3, retryOn: 5xx}
            route: [{destination: {host: ratings}}]
        """;
}
