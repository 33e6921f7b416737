using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

[UnsupportedOSPlatform("windows")]
public sealed class CaTokenCommandTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));

    [Fact]
    public async Task CaToken_WithCaDir_PrintsTokenTheCaKeyVerifiesForThatIdentity()
    {
        using var dir = new TempDirectory();
        using var key = WriteKey(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var cli = new CliHarness { Time = _time };

        var result = await cli.RunAsync("ca", "token", "--namespace", "default", "--service-account", "bookinfo-reviews", "--ttl", "5m", "--ca-dir", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.True(BootstrapToken.TryVerify(result.Out.Trim(), key, _time, out var claims, out var error), error);
        Assert.Equal(new SpiffeId("cluster.local", "default", "bookinfo-reviews"), claims!.Subject);
        Assert.Equal(_time.GetUtcNow().AddMinutes(5), claims.ExpiresAt);
    }

    [Fact]
    public async Task CaToken_JsonOutput_HasTokenIdentityAndExpiry()
    {
        using var dir = new TempDirectory();
        using var key = WriteKey(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var cli = new CliHarness { Time = _time };

        var result = await cli.RunAsync("ca", "token", "--service-account", "bookinfo-ratings", "--ca-dir", dir.Path, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-ratings", json.GetProperty("identity").GetString());
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), json.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.True(BootstrapToken.TryVerify(json.GetProperty("token").GetString(), key, _time, out _, out _));
    }

    [Fact]
    public async Task CaToken_KeyReadableByOthers_RefusesWithChmodHint()
    {
        using var dir = new TempDirectory();
        using var key = WriteKey(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var cli = new CliHarness { Time = _time };

        var result = await cli.RunAsync("ca", "token", "--service-account", "x", "--ca-dir", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("chmod 600", result.Error);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task CaToken_NoKey_FailsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness { Time = _time };

        var result = await cli.RunAsync("ca", "token", "--service-account", "x", "--ca-dir", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("token-signing.key", result.Error);
    }

    [Fact]
    public async Task CaToken_TtlOver24Hours_Fails()
    {
        using var dir = new TempDirectory();
        using var key = WriteKey(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var cli = new CliHarness { Time = _time };

        var result = await cli.RunAsync("ca", "token", "--service-account", "x", "--ca-dir", dir.Path, "--ttl", "25h");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--ttl", result.Error);
    }

    private static ECDsa WriteKey(string dir, UnixFileMode mode)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(dir, "token-signing.key");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(path, mode);
        return key;
    }
}
