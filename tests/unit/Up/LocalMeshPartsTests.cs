using System.Net;
using System.Net.Sockets;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Core.Hosting;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalMeshPartsTests
{
    [Fact]
    public void MeshState_SaveThenLoad_RoundTripsOwnerOnly()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state", "state.json");
        var state = new MeshState
        {
            StartedAt = DateTimeOffset.UnixEpoch,
            RegistryUrl = "http://127.0.0.1:15080",
            Processes =
            [
                new ProcessRecord
                {
                    Name = "registry", Pid = 7, StartTicks = 99, CommandLine = "dotnet r.dll", Command = ["dotnet", "r.dll"],
                    StartedAt = DateTimeOffset.UnixEpoch, Address = "http://127.0.0.1:15080",
                    Ports = new Dictionary<string, int> { ["http"] = 15080 }, LogFile = "registry.log",
                },
            ],
        };

        state.Save(path);
        var loaded = MeshState.Load(path)!;

        Assert.Equal(state.RegistryUrl, loaded.RegistryUrl);
        Assert.Equal(state.Processes[0].Identity, loaded.Processes[0].Identity);
        Assert.Equal(15080, loaded.Processes[0].Ports["http"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void RedisAcl_Provision_WritesHashesOnlyAndOwnerOnlySecrets()
    {
        using var dir = new TempDirectory();
        var acl = Path.Combine(dir.Path, "redis", "users.acl");

        var users = RedisAcl.Provision(Path.Combine(dir.Path, "secrets"), acl);
        var text = File.ReadAllText(acl);

        Assert.Equal(["app-details", "app-productpage", "app-ratings", "app-reviews", "app-stats", "default", "proxy", "registry"], users.Keys.Order());
        foreach (var user in users.Values)
        {
            Assert.DoesNotContain(user.Password, text);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(user.PasswordFile));
        }

        Assert.Contains("user proxy on #", text);
        Assert.Contains("resetkeys %R~{gatewaymesh}:* ~gatewaymesh:quota:* resetchannels &{gatewaymesh}:* -@all +@read", text);
        Assert.Contains("resetkeys ~{gatewaymesh}:* ~gatewaymesh:* resetchannels &{gatewaymesh}:* +@all -@admin", text);
        // Dapr apps: one user each, on its own state keys (DaprAppAcl; NOPERM checked on a real server in DaprAppAclTests).
        Assert.Contains("user app-ratings on #", text);
        Assert.Contains("~ratings||* +@hash", text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(acl));
    }

    [Fact]
    public void RedisAcl_ProvisionTwice_KeepsThePasswords()
    {
        using var dir = new TempDirectory();
        var acl = Path.Combine(dir.Path, "users.acl");

        var first = RedisAcl.Provision(Path.Combine(dir.Path, "secrets"), acl);
        var second = RedisAcl.Provision(Path.Combine(dir.Path, "secrets"), acl);

        Assert.Equal(first["registry"].Password, second["registry"].Password);
        Assert.NotEqual(first["registry"].Password, first["proxy"].Password);
    }

    [Fact]
    public void IsStale_MissingOutputOrNewerSource_IsTrue_BinAndObjIgnored()
    {
        using var repo = new TempDirectory();
        var source = repo.Write("registry/Api/Thing.cs", "class Thing {}");
        var generated = repo.Write("registry/obj/Gen.cs", "class Gen {}");
        var output = Path.Combine(repo.Path, ".build", "registry", "r.dll");
        string[] sources = [Path.Combine(repo.Path, "registry")];
        Assert.True(Builder.IsStale(output, sources, repo.Path));

        repo.Write(".build/registry/r.dll", "dll");
        var built = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(output, built);
        File.SetLastWriteTimeUtc(source, built.AddMinutes(-1));
        File.SetLastWriteTimeUtc(generated, built.AddMinutes(1));
        Assert.False(Builder.IsStale(output, sources, repo.Path));

        File.SetLastWriteTimeUtc(source, built.AddMinutes(1));
        Assert.True(Builder.IsStale(output, sources, repo.Path));
    }

    [Fact]
    public void CannotInstallReason_NeedsRootAndAptGet()
    {
        Assert.Null(PackageInstaller.CannotInstallReason(isRoot: true, aptGet: "/usr/bin/apt-get"));
        Assert.Equal("meshctl is not running as root", PackageInstaller.CannotInstallReason(isRoot: false, aptGet: "/usr/bin/apt-get"));
        Assert.Equal("apt-get is not available on this machine", PackageInstaller.CannotInstallReason(isRoot: true, aptGet: null));
    }

    [Fact]
    public void FreePort_PreferredPortTaken_PicksAnother()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var ports = new FreePort();

        var picked = ports.Pick(taken);

        Assert.NotEqual(taken, picked);
        Assert.NotEqual(picked, ports.Pick(picked));
    }

    [Fact]
    public void HandOffPort_Reserve_OutsideTheEphemeralRangeAcceptedAndHeld()
    {
        for (var i = 0; i < 50; i++)
        {
            // Odd candidates are refused: the port returned is always one the caller accepted.
            using var reservation = HandOffPort.Reserve(port => port % 2 == 0, (32768, 60999));

            Assert.True(reservation.Port is >= HandOffPort.Lowest and < 32768 or > 60999 and <= 65535, $"{reservation.Port}");
            Assert.Equal(0, reservation.Port % 2);
            Assert.NotEqual(31380, reservation.Port);
            Assert.NotEqual(31390, reservation.Port);
            Assert.False(HandOffPort.IsFree(reservation.Port)); // held until disposed
        }
    }

    [Fact]
    public void HandOffPort_RangeLeavesTooFewPorts_OneTheOsHandsOut()
    {
        using var reservation = HandOffPort.Reserve(_ => throw new InvalidOperationException("no candidate outside 1024-65535"), (1024, 65535));

        Assert.InRange(reservation.Port, 1024, 65535);
    }

    [Fact]
    public void FreePort_Hold_PortTakenUntilReleased()
    {
        using var ports = new FreePort();
        var held = ports.Hold(0);

        Assert.False(FreePort.IsFree(held));
        ports.Release(held);
        Assert.True(FreePort.IsFree(held));
    }

    [Theory]
    [InlineData("32768\t60999\n", 32768, 60999)]
    [InlineData("1024 65535", 1024, 65535)]
    public void HandOffPort_ParseRange_TwoPorts(string text, int low, int high) =>
        Assert.Equal((low, high), HandOffPort.ParseRange(text));

    [Theory]
    [InlineData("")]
    [InlineData("60999 32768")]
    [InlineData("1 2 3")]
    [InlineData("0 70000")]
    public void HandOffPort_ParseRange_NotARange_Null(string text) =>
        Assert.Null(HandOffPort.ParseRange(text));
}
