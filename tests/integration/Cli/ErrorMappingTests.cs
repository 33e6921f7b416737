using System.Net;
using System.Net.Sockets;
using GatewayMesh.Cli.Context;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class ErrorMappingTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Get_WrongToken_SaysUnauthorized()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "--server", _registry.Url, "--token", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: unauthorized: check --token or the context file\n", result.Error);
    }

    [Fact]
    public async Task Get_NoToken_SendsNoHeaderAndSaysUnauthorized()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "--server", _registry.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unauthorized", result.Error);
        Assert.Equal("", _registry.Single().Authorization);
    }

    [Fact]
    public async Task Get_ConnectionRefused_NamesServerAndHowToStart()
    {
        var port = ClosedPort.Find();

        var result = await new CliHarness().RunAsync("get", "vs", "--server", $"http://127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot connect to the registry at http://127.0.0.1:{port}: connection refused", result.Error);
        Assert.Contains("./meshctl up", result.Error);
    }

    [Fact]
    public async Task Get_RegistryNeverAnswers_GivesUpAfterRequestTimeout()
    {
        // accepts the connection (the kernel completes the handshake) and never reads or answers
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var result = await new CliHarness().RunAsync("get", "vs", "--server", url, "--request-timeout", "300ms");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"the registry at {url} did not answer within 300ms (--request-timeout)", result.Error);
    }

    [Fact]
    public async Task Get_BadRequestTimeout_NamesTheFlag()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "--server", _registry.Url, "--request-timeout", "soon");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid --request-timeout \"soon\"", result.Error);
    }

    [Fact]
    public async Task Get_ServerAndTokenFromEnvironment_AreUsed()
    {
        _registry.Respond("GET /api/v1/configs", 200, """{"revision": 1, "items": []}""");
        var harness = new CliHarness();
        harness.Variables[ConnectionSettings.ServerVariable] = _registry.Url;
        harness.Variables[ConnectionSettings.TokenVariable] = FakeRegistry.Token;

        var result = await harness.RunAsync("get", "gw");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No resources found in default namespace.\n", result.Error);
    }

    [Fact]
    public async Task Get_ContextFileUnderMeshctlHome_IsUsed()
    {
        var tokenFile = _dir.Write(".meshctl/token", FakeRegistry.Token);
        new ContextFile(_registry.Url, tokenFile).Write(Path.Combine(_dir.Path, ".meshctl", "context.json"));
        _registry.Respond("GET /api/v1/configs", 200, """{"revision": 1, "items": []}""");
        var harness = new CliHarness();
        harness.Variables[ContextFile.HomeVariable] = _dir.Path;

        var result = await harness.RunAsync("get", "gw", "-A");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?kind=Gateway", _registry.Single().Query);
    }

    [Fact]
    public async Task Get_ServerErrorWithoutJsonBody_ReportsStatus()
    {
        _registry.Respond("GET /api/v1/configs", 503, "");

        var result = await new CliHarness().RunAsync(_registry, "get", "vs");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: ServiceUnavailable (HTTP 503)\n", result.Error);
    }
}
