using System.Net;
using System.Net.Sockets;
using GatewayMesh.Cli.Context;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class ErrorMappingTests : FakeRegistryTest
{
    [Fact]
    public async Task Get_WrongToken_SaysUnauthorized()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "--server", Registry.Url, "--token", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: unauthorized: check --token or the context file\n", result.Error);
    }

    [Fact]
    public async Task Get_NoToken_SendsNoHeaderAndSaysUnauthorized()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "--server", Registry.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unauthorized", result.Error);
        Assert.Equal("", Registry.Single().Authorization);
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
        var result = await new CliHarness().RunAsync("get", "vs", "--server", Registry.Url, "--request-timeout", "soon");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid --request-timeout \"soon\"", result.Error);
    }

    [Fact]
    public async Task Get_ServerAndTokenFromEnvironment_AreUsed()
    {
        Registry.Respond("GET /api/v1/configs", 200, """{"revision": 1, "items": []}""");
        var harness = new CliHarness();
        harness.Variables[ConnectionSettings.ServerVariable] = Registry.Url;
        harness.Variables[ConnectionSettings.TokenVariable] = FakeRegistry.Token;

        var result = await harness.RunAsync("get", "gw");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No resources found in default namespace.\n", result.Error);
    }

    [Fact]
    public async Task Get_ContextFileUnderMeshctlHome_IsUsed()
    {
        var tokenFile = Dir.Write(".meshctl/token", FakeRegistry.Token);
        new ContextFile(Registry.Url, tokenFile).Write(Path.Combine(Dir.Path, ".meshctl", "context.json"));
        Registry.Respond("GET /api/v1/configs", 200, """{"revision": 1, "items": []}""");
        var harness = new CliHarness();
        harness.Variables[ContextFile.HomeVariable] = Dir.Path;

        var result = await harness.RunAsync("get", "gw", "-A");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?kind=Gateway", Registry.Single().Query);
    }

    [Fact]
    public async Task Get_ServerErrorWithoutJsonBody_ReportsStatus()
    {
        Registry.Respond("GET /api/v1/configs", 503, "");

        var result = await new CliHarness().RunAsync(Registry, "get", "vs");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: ServiceUnavailable (HTTP 503)\n", result.Error);
    }
}
