using System.Text.Json;
using System.Runtime.Versioning;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

[UnsupportedOSPlatform("windows")]
public sealed class CaAuditTests
{
    [Fact]
    public async Task AuditLog_IssuanceAndRefusal_RecordIdentityAndSerialButNoSecrets()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var token = ca.MintToken(workload.Identity);
        var issued = await Workload.ReadSignResponseAsync(await ca.SignAsync(token, workload.Csr()));
        using var thief = new Workload();
        await ca.SignAsync(token, thief.Csr()); // replay with another key: refused
        var forbiddenToken = ca.MintToken(workload.Identity);
        await ca.SignAsync(forbiddenToken, workload.Csr(asFor: new SpiffeId("cluster.local", "default", "other")));

        var text = File.ReadAllText(ca.Directory.AuditLogFile);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(3, lines.Count);
        Assert.Equal("issued", lines[0].GetProperty("event").GetString());
        Assert.Equal(workload.Identity.ToString(), lines[0].GetProperty("identity").GetString());
        Assert.Equal(issued.SerialNumber, lines[0].GetProperty("serial").GetString());
        Assert.Equal(issued.NotAfter, lines[0].GetProperty("notAfter").GetDateTimeOffset());
        Assert.Equal(ca.Authority.Current.Root.SerialNumber, lines[0].GetProperty("issuerSerial").GetString());
        Assert.Equal("bootstrap-token", lines[0].GetProperty("authenticator").GetString());
        Assert.Equal(401, lines[1].GetProperty("status").GetInt32());
        Assert.Equal(403, lines[2].GetProperty("status").GetInt32());
        Assert.Equal(workload.Identity.ToString(), lines[2].GetProperty("identity").GetString());
        var everything = text + ca.Logs.AllText;
        Assert.DoesNotContain("PRIVATE KEY", everything);
        Assert.DoesNotContain("CERTIFICATE REQUEST", everything);
        Assert.DoesNotContain(token, everything);
        Assert.DoesNotContain(forbiddenToken.Split('.')[2], everything);
        Assert.Contains(issued.SerialNumber, ca.Logs.AllText);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ca.Directory.AuditLogFile));
    }
}
