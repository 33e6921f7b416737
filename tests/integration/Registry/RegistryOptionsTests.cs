using System.Runtime.Versioning;
using GatewayMesh.Registry.Hosting;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

[UnsupportedOSPlatform("windows")]
public sealed class RegistryOptionsTests
{
    [Fact]
    public async Task Create_SwitchesOnCommandLine_BindRegistrySection()
    {
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("registry-options-").FullName, "nested", "api.token");
        string[] args = ["--in-memory", "--urls", "http://127.0.0.1:0", "--token-file", tokenFile, "--key-prefix", "mesh-a:", "--redis", "10.0.0.1:6380"];

        await using var app = RegistryApp.Create(args);
        var options = app.Services.GetRequiredService<IOptions<RegistryOptions>>().Value;

        Assert.True(options.InMemory);
        Assert.Equal("mesh-a:", options.KeyPrefix);
        Assert.Equal("10.0.0.1:6380", options.Redis);
        Assert.Equal(tokenFile, options.ResolveTokenFile());
        Assert.True(File.Exists(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(tokenFile)!));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(tokenFile))!, recursive: true);
    }

    [Theory]
    [InlineData(new[] { "--in-memory" }, new[] { "--in-memory=true" })]
    [InlineData(new[] { "--in-memory", "--urls", "x" }, new[] { "--in-memory=true", "--urls", "x" })]
    [InlineData(new[] { "--in-memory", "false" }, new[] { "--in-memory", "false" })]
    [InlineData(new[] { "--redis", "h:1" }, new[] { "--redis", "h:1" })]
    public void Normalize_BareFlag_GetsExplicitValue(string[] args, string[] expected)
    {
        Assert.Equal(expected, CommandLineArgs.Normalize(args));
    }

    [Theory]
    [InlineData("1s", 1)]
    [InlineData("3s", 3)]
    [InlineData("30s", 30)]
    public void ParseWriteTimeout_FromOneToThirtySeconds_IsAccepted(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new RegistryOptions { WriteTimeout = text }.ParseWriteTimeout());
    }

    [Theory]
    [InlineData("500ms")]
    [InlineData("31s")]
    [InlineData("1h")]
    [InlineData("soon")]
    public void Validate_WriteTimeoutOutOfRange_NamesTheSwitch(string text)
    {
        var problems = new GatewayMesh.Core.Hosting.SettingsProblems();
        new RegistryOptions { InMemory = true, WriteTimeout = text }.Validate(problems);
        Assert.Contains(problems.All, p => p.StartsWith($"--write-timeout: '{text}' is not a duration from 1s to 30s", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteBudget_FiresAtTheWriteTimeout_OnTheInjectedClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var budget = new GatewayMesh.Registry.Api.WriteBudget(
            Microsoft.Extensions.Options.Options.Create(new RegistryOptions { WriteTimeout = "2s" }), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayMesh.Registry.Api.WriteBudget>.Instance);
        using var bound = budget.Start(CancellationToken.None);

        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(bound.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bound.Token.IsCancellationRequested);
        Assert.True(GatewayMesh.Registry.Api.WriteBudget.IsUnavailable(new OperationCanceledException(bound.Token), CancellationToken.None));
    }
}
