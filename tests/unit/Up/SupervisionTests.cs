using GatewayMesh.Cli.Local.Processes;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class SupervisionTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(60, 30)]
    public void RestartBackoff_DoublesFromOneSecondUpToThirty(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartBackoff.Delay(failures));

    [Fact]
    public void RestartBackoff_AShortRunCountsOnAndAStableRunStartsAgain()
    {
        Assert.Equal(4, RestartBackoff.Failures(3, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, RestartBackoff.Failures(3, RestartBackoff.StableRun));
        Assert.Equal(1, RestartBackoff.Failures(0, TimeSpan.Zero));
    }

    [Fact]
    public void WithPorts_PinsEveryReportedPortToItsSwitch_AndLeavesTheRest()
    {
        var spec = new ProcessSpec
        {
            Name = "ingress",
            Executable = "dotnet",
            Arguments = ["ingress.dll", "--http-port", "0", "--https-port", "0", "--admin-port", "0", "--redis", "127.0.0.1:6379"],
            WorkingDirectory = "/tmp",
            Address = "(starting)",
            CheckReadiness = _ => Task.FromResult(Readiness.Ready),
            PortSwitches = new Dictionary<string, string> { ["http"] = "--http-port", ["https"] = "--https-port", ["admin"] = "--admin-port" },
        };

        var pinned = spec.WithPorts(new Dictionary<string, int> { ["http"] = 31380, ["admin"] = 40001, ["other"] = 5 });

        Assert.Equal(["ingress.dll", "--http-port", "31380", "--https-port", "0", "--admin-port", "40001", "--redis", "127.0.0.1:6379"], pinned.Arguments);
        Assert.Equal("0", spec.Arguments[2]);
    }
}
