using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class AnalyzeCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Analyze_LiveWithWarnings_PrintsIstioctlLinesAndExitsZero()
    {
        _registry.Respond("POST /api/v1/analyze", 200, """
            {"messages": [
              {"code": "IST0101", "level": "Warning", "resource": "VirtualService default/reviews", "path": "spec.http[0].route[0].destination.host", "message": "host \"reviewz\" not found"},
              {"code": "IST0118", "level": "Info", "resource": "DestinationRule default/ratings", "path": "", "message": "no VirtualService routes to subset v3"}]}
            """);

        var result = await new CliHarness().RunAsync(_registry, "analyze");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Warning [IST0101] (VirtualService default/reviews) spec.http[0].route[0].destination.host: host \"reviewz\" not found\n" +
            "Info [IST0118] (DestinationRule default/ratings) no VirtualService routes to subset v3\n",
            result.Out);
        Assert.Equal("", _registry.Single().Body);
    }

    [Fact]
    public async Task Analyze_LiveWithError_ExitsOne()
    {
        _registry.Respond("POST /api/v1/analyze", 200, """
            {"messages": [{"code": "IST0145", "level": "ERROR", "resource": "Gateway default/a", "path": "spec.servers[0]", "message": "conflict"}]}
            """);

        var result = await new CliHarness().RunAsync(_registry, "analyze");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error [IST0145] (Gateway default/a)", result.Out);
    }

    [Fact]
    public async Task Analyze_LiveClean_PrintsCheckMark()
    {
        _registry.Respond("POST /api/v1/analyze", 200, """{"messages": []}""");

        var result = await new CliHarness().RunAsync(_registry, "analyze");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("✔ No validation issues found when analyzing the live mesh.\n", result.Out);
    }

    [Fact]
    public async Task Analyze_FilesWithServer_SendsFilesForMerging()
    {
        var file = _dir.Write("vs.yaml", "kind: VirtualService\n");
        _registry.Respond("POST /api/v1/analyze", 200, """{"messages": []}""");

        var result = await new CliHarness().RunAsync(_registry, "analyze", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("kind: VirtualService\n", _registry.Single().Body);
        Assert.Contains("with the live mesh", result.Out);
    }

    [Fact]
    public async Task Analyze_LiveFlagWithUnreachableServer_ExitsOne()
    {
        var file = _dir.Write("vs.yaml", "kind: VirtualService\n");
        var url = $"http://127.0.0.1:{ClosedPort.Find()}";

        var result = await new CliHarness().RunAsync("analyze", "-f", file, "--live", "--server", url, "--token", FakeRegistry.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot connect to the registry", result.Error);
    }

    [Fact]
    public async Task Analyze_LiveAndOffline_Rejected()
    {
        var result = await new CliHarness().RunAsync(_registry, "analyze", "--live", "--offline");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot be used together", result.Error);
    }
}
