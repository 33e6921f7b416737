using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Core.Hosting;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

/// <summary>
/// meshctl's SIGTERM-to-SIGKILL grace covers what a proxy itself may take to stop (a sidecar drains, then gives its app
/// up to 10 s): with 10 s for everything, a slow but compliant sidecar was killed and reported as "ignored SIGTERM".
/// </summary>
public sealed class ProcessStopGraceTests
{
    [Theory]
    [InlineData("sidecar")]
    [InlineData("ingress")]
    public void GraceFor_Proxy_CoversItsWholeShutdownAndItsAppsGrace(string role)
    {
        var grace = ProcessSupervisor.GraceFor(Record("reviews-v1", role));

        Assert.Equal(ProxyShutdown.SignalGrace, grace);
        Assert.True(grace > ProxyShutdown.Timeout, $"{grace} does not cover the proxy's shutdown timeout {ProxyShutdown.Timeout}");
        Assert.True(ProxyShutdown.AppGrace < ProxyShutdown.Timeout, "a sidecar's app grace must fit in its shutdown timeout");
    }

    [Fact]
    public void GraceFor_NotAProxy_StopGrace()
    {
        Assert.Equal(ProcessSupervisor.StopGrace, ProcessSupervisor.GraceFor(Record("registry", role: null)));
    }

    [Fact]
    public void KilledMessage_SaysHowLongItWaitedNotThatSigtermWasIgnored()
    {
        var message = ProcessSupervisor.KilledMessage(Record("hello", "sidecar"));

        Assert.Equal($"hello (pid 4242) had not exited {ProxyShutdown.SignalGrace.TotalSeconds:0} s after SIGTERM; killed it", message);
        Assert.DoesNotContain("ignored", message, StringComparison.Ordinal);
    }

    private static ProcessRecord Record(string name, string? role) => new()
    {
        Name = name,
        Pid = 4242,
        CommandLine = "dotnet gatewaymesh-sidecar.dll",
        Command = ["dotnet", "gatewaymesh-sidecar.dll"],
        StartedAt = DateTimeOffset.UnixEpoch,
        Address = "127.0.0.1",
        LogFile = "/tmp/none.log",
        Role = role,
    };
}
