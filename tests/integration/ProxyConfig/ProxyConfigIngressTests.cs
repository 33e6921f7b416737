using System.Text.Json;
using GatewayMesh.IntegrationTests.Cli;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.ProxyConfig;

/// <summary><c>meshctl proxy-config</c> against a real ingress (in-process, real Redis) reached with <c>--admin</c>.</summary>
[Collection(RedisCollection.Name)]
public sealed class ProxyConfigIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string ProductPageCluster = "outbound|9080||productpage.default.svc.cluster.local";
    private readonly CliHarness _cli = new();
    private IngressHarness _ingress = null!;
    private UpstreamApp _productpage = null!;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        await _ingress.ApplyFileAsync("configs/bookinfo/bookinfo-gateway.yaml");
        (_productpage, var revision) = await _ingress.AddUpstreamAsync("productpage", "productpage-v1-1");
        await _ingress.WaitForRevisionAsync(revision);
        _admin = _ingress.Admin.BaseAddress!.Authority;
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task Routes_Ingress_ListsBookinfoRulesInOrderWithTheirCluster()
    {
        var result = await _cli.RunAsync("proxy-config", "routes", "--admin", _admin);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0]);
        var matches = lines.Skip(1).Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(uri (exact|prefix) \S+)").Groups[1].Value).ToList();
        Assert.Equal(["uri exact /productpage", "uri prefix /static", "uri exact /login", "uri exact /logout", "uri prefix /api/v1/products"], matches);
        Assert.All(lines.Skip(1), line => Assert.Contains(ProductPageCluster, line));
        Assert.All(lines.Skip(1), line => Assert.EndsWith("default/bookinfo", line));
    }

    [Fact]
    public async Task Clusters_Ingress_ShowsTheServiceClusterWithItsEndpointCount()
    {
        var result = await _cli.RunAsync("pc", "clusters", "--admin", _admin, "--fqdn", "productpage");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"outbound\|\|\|productpage\.default\.svc\.cluster\.local\s+ROUND_ROBIN\s+1\s+1\n", result.Out);
    }

    [Fact]
    public async Task Endpoints_IngressJson_CarriesAddressHealthAndLabels()
    {
        var result = await _cli.RunAsync("proxy-config", "endpoints", "--admin", _admin, "-o", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        var document = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(_ingress.State.AppliedRevision, document.GetProperty("revision").GetInt64());
        Assert.Equal("ingress", document.GetProperty("proxy").GetProperty("role").GetString());
        var endpoint = Assert.Single(document.GetProperty("endpoints").EnumerateArray());
        Assert.Equal($"127.0.0.1:{_productpage.Port}", endpoint.GetProperty("address").GetString());
        Assert.Equal("HEALTHY", endpoint.GetProperty("health").GetString());
        Assert.Equal("outbound|||productpage.default.svc.cluster.local", endpoint.GetProperty("cluster").GetString());
        Assert.Equal("v1", endpoint.GetProperty("labels").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Routes_NameFilterMatchingNothing_SaysSoOnStderr()
    {
        var result = await _cli.RunAsync("proxy-config", "routes", "--admin", _admin, "--name", "nothing.example");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("No routes in", result.Error);
    }

    [Fact]
    public async Task DebugRoutes_Post_IsRefused()
    {
        using var response = await _ingress.Admin.PostAsync("/debug/routes", new StringContent(""));

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
