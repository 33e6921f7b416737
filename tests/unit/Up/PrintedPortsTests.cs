using GatewayMesh.Cli.Local.Ports;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class PrintedPortsTests
{
    [Fact]
    public void Read_SidecarLineAfterLastHeader_ReturnsThisRunsPorts()
    {
        using var dir = new TempDirectory();
        var log = Path.Combine(dir.Path, "reviews-v1.log");
        File.WriteAllText(log, string.Join('\n',
            "--- 2026-01-01T00:00:00Z meshctl up: dotnet sidecar.dll",
            "sidecar reviews inbound http://127.0.0.1:1001 outbound http://127.0.0.1:1002 admin http://127.0.0.1:1003",
            "--- 2026-01-02T00:00:00Z meshctl up: dotnet sidecar.dll",
            "info: starting",
            "sidecar reviews inbound http://127.0.0.1:2001 outbound http://127.0.0.1:2002 admin http://127.0.0.1:2003",
            ""));

        var ports = PrintedPorts.Read(log);

        Assert.Equal(2001, ports["inbound"]);
        Assert.Equal(2002, ports["outbound"]);
        Assert.Equal(2003, ports["admin"]);
    }

    [Fact]
    public void Read_NewRunNotPrintedYet_ReturnsNoPorts()
    {
        using var dir = new TempDirectory();
        var log = Path.Combine(dir.Path, "ingress.log");
        File.WriteAllText(log, string.Join('\n',
            "--- 2026-01-01T00:00:00Z meshctl up: dotnet ingress.dll",
            "ingress listening on http://127.0.0.1:31380",
            "admin listening on http://127.0.0.1:4000",
            "--- 2026-01-02T00:00:00Z meshctl up: dotnet ingress.dll",
            ""));

        Assert.Empty(PrintedPorts.Read(log));
    }

    [Fact]
    public void Parse_IngressLines_NamesTrafficPortHttp()
    {
        var ports = new Dictionary<string, int>();

        PrintedPorts.Parse("ingress listening on http://127.0.0.1:31380", ports);
        PrintedPorts.Parse("admin listening on http://127.0.0.1:4000", ports);

        Assert.Equal(31380, ports["http"]);
        Assert.Equal(4000, ports["admin"]);
    }
}
