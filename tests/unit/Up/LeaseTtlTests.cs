using GatewayMesh.Cli;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.UnitTests.Cli;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class LeaseTtlTests
{
    [Theory]
    [InlineData("5s", 5)]
    [InlineData("1s", 1)]
    [InlineData("2m", 120)]
    [InlineData("300s", 300)]
    public void Parse_WholeSecondsInRange_Parsed(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LeaseTtl.Parse(text));

    [Fact]
    public void Parse_NotGiven_NullKeepsTheSidecarDefault() => Assert.Null(LeaseTtl.Parse(null));

    [Theory]
    [InlineData("0s", "whole seconds from 1s to 300s")]
    [InlineData("1500ms", "whole seconds from 1s to 300s")]
    [InlineData("301s", "whole seconds from 1s to 300s")]
    [InlineData("5", "'5'")]
    [InlineData("soon", "'soon'")]
    public void Parse_OutOfRangeOrNotADuration_CliErrorNamingTheSwitch(string text, string expected)
    {
        var error = Assert.Throws<CliException>(() => LeaseTtl.Parse(text));

        Assert.StartsWith("--lease-ttl", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSidecarSpec_LeaseGiven_PassedToTheSidecar()
    {
        var paths = new MeshPaths("/repo", "/repo/.meshctl");
        var dlls = new WorkloadDlls("ingress.dll", "sidecar.dll", "bookinfo.dll");

        var withLease = new WorkloadLauncher(paths, "dotnet", dlls, "127.0.0.1:1", null, TimeSpan.FromSeconds(5)).CreateSidecarSpec("http://r", "reviews", "v2");
        var without = new WorkloadLauncher(paths, "dotnet", dlls, "127.0.0.1:1", null).CreateSidecarSpec("http://r", "reviews", "v2");

        var at = withLease.Arguments.ToList().IndexOf("--lease-ttl");
        Assert.True(at >= 0, string.Join(' ', withLease.Arguments));
        Assert.Equal("5s", withLease.Arguments[at + 1]);
        Assert.DoesNotContain("--lease-ttl", without.Arguments);
    }

    [Fact]
    public async Task Up_BadLeaseTtl_ExitsOneBeforeStartingAnything()
    {
        var repo = Path.Combine(Path.GetTempPath(), "meshctl-lease-" + Guid.NewGuid().ToString("N"));
        var cli = new CliHarness();
        cli.Variables["MESHCTL_HOME"] = repo;

        var result = await cli.RunAsync("up", "--detach", "--lease-ttl", "0s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--lease-ttl '0s'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repo), "up created the state folder although its arguments were bad");
    }
}
