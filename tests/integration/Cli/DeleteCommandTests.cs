using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class DeleteCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Delete_KindAndName_SendsDeleteAndPrintsKubectlLine()
    {
        _registry.Respond("DELETE /api/v1/configs/VirtualService/shop/cart", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(_registry, "delete", "vs", "cart", "-n", "shop");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("virtualservice.networking.istio.io \"cart\" deleted\n", result.Out);
        Assert.Equal("DELETE", _registry.Single().Method);
    }

    [Fact]
    public async Task Delete_File_DeletesEachResourceAndReportsMissingOnes()
    {
        var file = _dir.Write("bookinfo.yaml", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              http: [{route: [{destination: {host: reviews}, weight: 90}]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: ratings
              namespace: shop
            """);
        _registry.Respond("DELETE /api/v1/configs/VirtualService/default/reviews", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(_registry, "delete", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("virtualservice.networking.istio.io \"reviews\" deleted\n", result.Out);
        Assert.Equal("error: destinationrules.networking.istio.io \"ratings\" not found in namespace shop\n", result.Error);
        Assert.Equal(
            ["/api/v1/configs/VirtualService/default/reviews", "/api/v1/configs/DestinationRule/shop/ratings"],
            _registry.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Delete_MissingWithIgnoreNotFound_ExitsZero()
    {
        var result = await new CliHarness().RunAsync(_registry, "delete", "gw", "absent", "--ignore-not-found");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Delete_JsonOutput_ListsResults()
    {
        _registry.Respond("DELETE /api/v1/configs/Gateway/default/bookinfo-gateway", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(_registry, "delete", "gateway/bookinfo-gateway", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Out);
        var item = output.RootElement.GetProperty("results")[0];
        Assert.Equal("Gateway", item.GetProperty("kind").GetString());
        Assert.Equal("deleted", item.GetProperty("result").GetString());
    }
}
