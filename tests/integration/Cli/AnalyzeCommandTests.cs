using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class AnalyzeCommandTests : FakeRegistryTest
{
    [Fact]
    public async Task Analyze_LiveWithWarnings_PrintsIstioctlLinesAndExitsZero()
    {
        Registry.Respond("POST /api/v1/analyze", 200, """
            {"messages": [
              {"code": "IST0101", "level": "Warning", "resource": "VirtualService default/reviews", "path": "spec.http[0].route[0].destination.host", "message": "host \"reviewz\" not found"},
              {"code": "IST0118", "level": "Info", "resource": "DestinationRule default/ratings", "path": "", "message": "no VirtualService routes to subset v3"}]}
            """);

        var result = await new CliHarness().RunAsync(Registry, "analyze");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Warning [IST0101] (VirtualService default/reviews) spec.http[0].route[0].destination.host: host \"reviewz\" not found\n" +
            "Info [IST0118] (DestinationRule default/ratings) no VirtualService routes to subset v3\n",
            result.Out);
        Assert.Equal("", Registry.Single().Body);
    }

    [Fact]
    public async Task Analyze_LiveWithError_ExitsOne()
    {
        Registry.Respond("POST /api/v1/analyze", 200, """
            {"messages": [{"code": "IST0145", "level": "ERROR", "resource": "Gateway default/a", "path": "spec.servers[0]", "message": "conflict"}]}
            """);

        var result = await new CliHarness().RunAsync(Registry, "analyze");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error [IST0145] (Gateway default/a)", result.Out);
    }

    [Fact]
    public async Task Analyze_LiveClean_PrintsCheckMark()
    {
        Registry.Respond("POST /api/v1/analyze", 200, """{"messages": []}""");

        var result = await new CliHarness().RunAsync(Registry, "analyze");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("✔ No validation issues found when analyzing the live mesh.\n", result.Out);
    }

    [Fact]
    public async Task Analyze_FilesWithServer_SendsFilesForMerging()
    {
        var file = Dir.Write("vs.yaml", "kind: VirtualService\n");
        Registry.Respond("POST /api/v1/analyze", 200, """{"messages": []}""");

        var result = await new CliHarness().RunAsync(Registry, "analyze", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("kind: VirtualService\n", Registry.Single().Body);
        Assert.Contains("with the live mesh", result.Out);
    }

    [Fact]
    public async Task Analyze_LiveFlagWithUnreachableServer_ExitsOne()
    {
        var file = Dir.Write("vs.yaml", "kind: VirtualService\n");
        var url = $"http://127.0.0.1:{ClosedPort.Find()}";

        var result = await new CliHarness().RunAsync("analyze", "-f", file, "--live", "--server", url, "--token", FakeRegistry.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot connect to the registry", result.Error);
    }

    [Fact]
    public async Task Analyze_LiveAndOffline_Rejected()
    {
        var result = await new CliHarness().RunAsync(Registry, "analyze", "--live", "--offline");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot be used together", result.Error);
    }
}
