using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

/// <summary>Issue 12: <c>meshctl convert -f old.yaml</c> prints v1 resources that validate, with notes on stderr.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Legacy(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo-legacy", file));

    [Fact]
    public async Task Convert_BookinfoRouteRules_PrintsValidV1VirtualServicesAndDestinationRules()
    {
        var file = _dir.Write("old.yaml", Legacy("route-rule-all-v1.yaml") + "\n---\n" + Legacy("route-rule-reviews-test-v2.yaml"));

        var result = await new CliHarness().RunAsync("convert", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var parsed = ConfigParser.Parse(result.Out, "converted");
        Assert.Empty(ConfigValidator.Check(parsed));
        Assert.Equal(
            ["VirtualService/default/details", "VirtualService/default/productpage", "VirtualService/default/ratings", "VirtualService/default/reviews"],
            parsed.Resources.OfType<VirtualService>().Select(r => r.Key.ToString()));
        Assert.Equal(4, parsed.Resources.OfType<DestinationRule>().Count());
        var reviews = parsed.Resources.OfType<VirtualService>().Single(r => r.Metadata.Name == "reviews");
        Assert.Equal(["reviews-test-v2", "reviews-default"], reviews.Spec.Http.Select(h => h.Name));
        Assert.StartsWith("apiVersion: networking.istio.io/v1\nkind: VirtualService\n", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Convert_IgnoredFields_NamedOnStderr()
    {
        var file = _dir.Write("ws.yaml", """
            apiVersion: config.istio.io/v1alpha2
            kind: RouteRule
            metadata: {name: ws}
            spec: {destination: {name: reviews}, websocketUpgrade: true}
            """);

        var result = await new CliHarness().RunAsync("convert", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning: RouteRule default/ws: spec.websocketUpgrade: ignored: WebSocket upgrades are always allowed\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Convert_InvalidRule_ExitsOneWithEveryError()
    {
        var file = _dir.Write("bad.yaml", """
            apiVersion: config.istio.io/v1alpha2
            kind: RouteRule
            metadata: {name: bad}
            spec: {destination: {name: reviews}, route: [{labels: {version: v1}, weight: 60}, {labels: {version: v2}, weight: 30}], precedence: "1"}
            """);

        var result = await new CliHarness().RunAsync("convert", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("RouteRule default/bad: spec.precedence: expected an integer", result.Error);
        Assert.Contains("RouteRule default/bad: spec.route: route weights total 90; Istio 0.x route rules must total 100", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Convert_NoLegacyRules_ExitsOne()
    {
        var file = _dir.Write("v1.yaml", "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec: {host: r}\n");

        var result = await new CliHarness().RunAsync("convert", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing to convert", result.Error);
    }
}
