using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class DeleteCommandTests : FakeRegistryTest
{
    [Fact]
    public async Task Delete_KindAndName_SendsDeleteAndPrintsKubectlLine()
    {
        Registry.Respond("DELETE /api/v1/configs/VirtualService/shop/cart", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(Registry, "delete", "vs", "cart", "-n", "shop");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("virtualservice.networking.istio.io \"cart\" deleted\n", result.Out);
        Assert.Equal("DELETE", Registry.Single().Method);
    }

    [Fact]
    public async Task Delete_File_DeletesEachResourceAndReportsMissingOnes()
    {
        var file = Dir.Write("bookinfo.yaml", """
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
        Registry.Respond("DELETE /api/v1/configs/VirtualService/default/reviews", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(Registry, "delete", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("virtualservice.networking.istio.io \"reviews\" deleted\n", result.Out);
        Assert.Equal("error: destinationrules.networking.istio.io \"ratings\" not found in namespace shop\n", result.Error);
        Assert.Equal(
            ["/api/v1/configs/VirtualService/default/reviews", "/api/v1/configs/DestinationRule/shop/ratings"],
            Registry.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Delete_MissingWithIgnoreNotFound_ExitsZero()
    {
        var result = await new CliHarness().RunAsync(Registry, "delete", "gw", "absent", "--ignore-not-found");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Delete_JsonOutput_ListsResults()
    {
        Registry.Respond("DELETE /api/v1/configs/Gateway/default/bookinfo-gateway", 200, """{"deleted": true}""");

        var result = await new CliHarness().RunAsync(Registry, "delete", "gateway/bookinfo-gateway", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Out);
        var item = output.RootElement.GetProperty("results")[0];
        Assert.Equal("Gateway", item.GetProperty("kind").GetString());
        Assert.Equal("deleted", item.GetProperty("result").GetString());
    }
}
