using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class ApplyCommandTests : FakeRegistryTest
{
    private const string ApplyResponse = """
        {"revision": 7, "results": [
          {"kind": "VirtualService", "namespace": "default", "name": "reviews", "action": "created", "resourceVersion": "7"},
          {"kind": "DestinationRule", "namespace": "default", "name": "reviews", "action": "configured", "resourceVersion": "7"},
          {"kind": "Gateway", "namespace": "default", "name": "bookinfo-gateway", "action": "unchanged", "resourceVersion": "3"}]}
        """;

    [Fact]
    public async Task Apply_Directory_PostsCombinedYamlAndPrintsKubectlLines()
    {
        Dir.Write("b.yaml", "kind: DestinationRule\n");
        Dir.Write("a.yaml", "kind: VirtualService\n---\nkind: Gateway\n");
        Dir.Write("skip.txt", "not config");
        Registry.Respond("POST /api/v1/apply", 200, ApplyResponse);

        var result = await new CliHarness().RunAsync(Registry, "apply", "-f", Dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "virtualservice.networking.istio.io/reviews created\n" +
            "destinationrule.networking.istio.io/reviews configured\n" +
            "gateway.networking.istio.io/bookinfo-gateway unchanged\n",
            result.Out);
        var request = Registry.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.StartsWith("application/yaml", request.ContentType);
        Assert.Equal("kind: VirtualService\n---\nkind: Gateway\n---\nkind: DestinationRule\n", request.Body);
    }

    [Fact]
    public async Task Apply_StdinWithJsonOutput_PrintsResponse()
    {
        Registry.Respond("POST /api/v1/apply", 200, ApplyResponse);

        var result = await new CliHarness { Stdin = "kind: VirtualService\n" }.RunAsync(Registry, "apply", "-f", "-", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Out);
        Assert.Equal(7, output.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal("created", output.RootElement.GetProperty("results")[0].GetProperty("action").GetString());
        Assert.Equal("kind: VirtualService\n", Registry.Single().Body);
    }

    [Fact]
    public async Task Apply_RepeatedFileOptions_SendsAllInOrder()
    {
        var first = Dir.Write("z.yaml", "kind: VirtualService\n");
        var second = Dir.Write("y.json", "{\"kind\": \"Gateway\"}");
        Registry.Respond("POST /api/v1/apply", 200, """{"revision": 1, "results": []}""");

        var result = await new CliHarness().RunAsync(Registry, "apply", "-f", first, "-f", second);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("kind: VirtualService\n---\n{\"kind\": \"Gateway\"}\n", Registry.Single().Body);
    }

    [Fact]
    public async Task Apply_ValidationFailed_PrintsEveryDetailAndExitsOne()
    {
        var file = Dir.Write("vs.yaml", "kind: VirtualService\n");
        Registry.Respond("POST /api/v1/apply", 400, """
            {"error": "validation failed", "details": [
              "VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40",
              "VirtualService default/reviews: spec.hosts: at least one host is required"]}
            """);

        var result = await new CliHarness().RunAsync(Registry, "apply", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(
            "error: validation failed (HTTP 400)\n" +
            "  VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40\n" +
            "  VirtualService default/reviews: spec.hosts: at least one host is required\n",
            result.Error);
    }

    [Fact]
    public async Task Apply_ValidationFailedWithJsonOutput_WritesJsonErrorToStderr()
    {
        var file = Dir.Write("vs.yaml", "kind: VirtualService\n");
        Registry.Respond("POST /api/v1/apply", 400, """{"error": "validation failed", "details": ["VirtualService default/reviews: spec.hosts: required"]}""");

        var result = await new CliHarness().RunAsync(Registry, "apply", "-f", file, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        using var error = JsonDocument.Parse(result.Error);
        Assert.Equal("validation failed (HTTP 400)", error.RootElement.GetProperty("error").GetString());
        Assert.Equal("VirtualService default/reviews: spec.hosts: required", error.RootElement.GetProperty("details")[0].GetString());
    }

    [Fact]
    public async Task Apply_Conflict_ReportsServerMessage()
    {
        var file = Dir.Write("vs.yaml", "kind: VirtualService\n");
        Registry.Respond("POST /api/v1/apply", 409, """{"error": "VirtualService default/reviews: resourceVersion 3 does not match 5"}""");

        var result = await new CliHarness().RunAsync(Registry, "apply", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("resourceVersion 3 does not match 5 (HTTP 409)", result.Error);
    }
}
