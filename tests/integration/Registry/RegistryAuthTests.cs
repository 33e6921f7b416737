using System.Net;
using System.Runtime.Versioning;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

[UnsupportedOSPlatform("windows")]
public sealed class RegistryAuthTests
{
    [Fact]
    public async Task Api_WithoutToken_Returns401WithBearerChallenge()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var anonymous = host.CreateClient(token: null);

        using var response = await anonymous.GetAsync("/api/v1/configs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var body = await RegistryTestHost.ReadJsonAsync(response);
        Assert.StartsWith("unauthorized", (string?)body["error"]);
    }

    [Fact]
    public async Task Api_WithWrongToken_Returns401()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var wrong = host.CreateClient(host.Token + "x");

        using var response = await wrong.PostAsync("/api/v1/apply", RegistryTestHost.Yaml("kind: Gateway"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithToken_IsAccepted()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/v1/revision");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthLive_WithoutToken_Returns200()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var anonymous = host.CreateClient(token: null);

        using var response = await anonymous.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenFile_Generated_IsOwnerOnlyAndNeverLogged()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var wrong = host.CreateClient("not-the-token");
        using var rejected = await wrong.GetAsync("/api/v1/configs");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.TokenFile));
        Assert.True(host.Token.Length >= 43, "32 random bytes in base64url");
        Assert.Contains(host.TokenFile, host.Logs.AllText);
        Assert.DoesNotContain(host.Token, host.Logs.AllText);
    }

    [Fact]
    public async Task TokenFile_Existing_IsUsedAsIs()
    {
        var stateDir = Directory.CreateTempSubdirectory("registry-test-").FullName;
        var tokenFile = Path.Combine(stateDir, "registry.token");
        File.WriteAllText(tokenFile, "preset-token-value\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        await using var host = await RegistryTestHost.StartAsync(stateDir: stateDir);
        using var client = host.CreateClient("preset-token-value");
        using var response = await client.GetAsync("/api/v1/revision");

        Assert.Equal("preset-token-value", host.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
