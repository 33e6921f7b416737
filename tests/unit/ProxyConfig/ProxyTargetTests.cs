using GatewayMesh.Cli;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.ProxyConfig;
using Xunit;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class ProxyTargetTests
{
    private static readonly DateTimeOffset Started = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("127.0.0.1:15000", "http://127.0.0.1:15000/")]
    [InlineData("localhost:80", "http://localhost/")]
    [InlineData("http://10.0.0.5:15000/", "http://10.0.0.5:15000/")]
    [InlineData("[::1]:15000", "http://[::1]:15000/")]
    public void ParseAdmin_HostAndPort_IsTheBaseUrl(string admin, string expected) =>
        Assert.Equal(expected, ProxyTarget.ParseAdmin(admin).ToString());

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("https://127.0.0.1:15000")]
    [InlineData("127.0.0.1:15000/debug")]
    [InlineData("user@127.0.0.1:15000")]
    [InlineData("[::1]")]
    public void ParseAdmin_NotHostAndPort_Fails(string admin)
    {
        var ex = Assert.Throws<CliException>(() => ProxyTarget.ParseAdmin(admin));
        Assert.Contains("--admin", ex.Message);
    }

    [Fact]
    public void Resolve_RecordedName_UsesItsAdminPortOnLoopback()
    {
        var target = ProxyTarget.Resolve("Reviews-V2", null, () => State(Self("reviews-v2", "reviews", 41002), Self("reviews-v1", "reviews", 41001)));

        Assert.Equal("reviews-v2", target.Name);
        Assert.Equal("http://127.0.0.1:41002/", target.AdminUrl.ToString());
    }

    [Fact]
    public void Resolve_ServiceOfOneProxy_FindsIt() =>
        Assert.Equal("productpage-v1", ProxyTarget.Resolve("productpage", null, () => State(Self("productpage-v1", "productpage", 41000))).Name);

    [Fact]
    public void Resolve_ServiceOfSeveralProxies_AsksForOne()
    {
        var ex = Assert.Throws<CliException>(() => ProxyTarget.Resolve("reviews", null, () => State(Self("reviews-v1", "reviews", 1), Self("reviews-v2", "reviews", 2))));

        Assert.Contains("2 proxies", ex.Message);
        Assert.Equal(["proxies: reviews-v1, reviews-v2"], ex.Details);
    }

    [Fact]
    public void Resolve_UnknownName_ListsTheProxies()
    {
        var ex = Assert.Throws<CliException>(() => ProxyTarget.Resolve("nope", null, () => State(Self("ingress", null, 1))));

        Assert.Equal("no proxy named \"nope\"", ex.Message);
        Assert.Equal(["proxies: ingress"], ex.Details);
    }

    [Fact]
    public void Resolve_NameAndAdmin_IsAnError() =>
        Assert.Throws<CliException>(() => ProxyTarget.Resolve("ingress", "127.0.0.1:1", () => null));

    [Fact]
    public void Resolve_AdminOnly_NeedsNoState() =>
        Assert.Equal("http://127.0.0.1:15000/", ProxyTarget.Resolve(null, "127.0.0.1:15000", () => throw new InvalidOperationException("read")).AdminUrl.ToString());

    [Fact]
    public void Resolve_NameWithoutMesh_SaysSo()
    {
        var ex = Assert.Throws<CliException>(() => ProxyTarget.Resolve("ingress", null, () => null));

        Assert.Contains("no mesh is recorded", ex.Message);
    }

    [Fact]
    public void Resolve_DeadProcess_SaysItIsNotRunning()
    {
        var dead = Self("ingress", null, 1) with { Pid = int.MaxValue - 1 };

        var ex = Assert.Throws<CliException>(() => ProxyTarget.Resolve("ingress", null, () => State(dead)));

        Assert.Contains("is not running", ex.Message);
    }

    /// <summary>A record of this test process itself, so the liveness check passes.</summary>
    private static ProcessRecord Self(string name, string? service, int adminPort)
    {
        var self = ProcFs.TryRead(Environment.ProcessId)!;
        return new ProcessRecord
        {
            Name = name,
            Pid = Environment.ProcessId,
            StartTicks = self.StartTicks,
            CommandLine = self.CommandLine,
            Command = ["dotnet"],
            StartedAt = Started,
            Address = "http://127.0.0.1:1",
            Ports = new Dictionary<string, int> { ["admin"] = adminPort },
            LogFile = "/dev/null",
            Role = service is null ? "ingress" : "sidecar",
            Service = service,
        };
    }

    private static MeshState State(params ProcessRecord[] processes) => new() { StartedAt = Started, Processes = processes };
}
