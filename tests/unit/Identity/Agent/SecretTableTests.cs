using System.Text.Json.Nodes;
using GatewayMesh.Cli.ProxyConfig;
using GatewayMesh.Proxy.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Agent;

public sealed class SecretTableTests
{
    [Fact]
    public async Task Build_AgentDocument_ShowsLeafAndRootsWithoutAnyKey()
    {
        await using var harness = new AgentHarness();
        await harness.StartAsync();
        var leaf = harness.Agent.Current!.Leaf;

        var document = CertificatesDocument.Create(harness.Agent, harness.Time.GetUtcNow());
        var text = document.ToJsonString();
        var output = new StringWriter();
        SecretTable.Build(JsonNode.Parse(text)!, wide: true).Write(output);

        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", document["identity"]!.GetValue<string>());
        Assert.True(document["ready"]!.GetValue<bool>());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^default\s+Cert Chain\s+ACTIVE\s+true\s+" + leaf.SerialNumber.ToLowerInvariant(), lines[1]);
        Assert.Contains("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", lines[1]);
        Assert.Matches(@"^ROOTCA\s+CA\s+ACTIVE\s+true", lines[2]);
    }

    [Fact]
    public async Task Build_ExpiredCertificate_ShowsExpiredAndNotReady()
    {
        await using var harness = new AgentHarness();
        await harness.StartAsync();
        harness.Ca.Down = true;
        harness.Time.Advance(TimeSpan.FromHours(2));

        var document = CertificatesDocument.Create(harness.Agent, harness.Time.GetUtcNow());
        var output = new StringWriter();
        SecretTable.Build(document, wide: false).Write(output);

        Assert.False(document["ready"]!.GetValue<bool>());
        Assert.Contains("expired", document["reason"]!.GetValue<string>());
        Assert.Matches(@"default\s+Cert Chain\s+EXPIRED\s+false", output.ToString());
    }

    [Fact]
    public void Create_NoCertificateSource_SaysMtlsIsOff()
    {
        var document = CertificatesDocument.Create(null, DateTimeOffset.UnixEpoch);

        Assert.False(document["enabled"]!.GetValue<bool>());
        Assert.Contains("no --ca-address", document["reason"]!.GetValue<string>());
        Assert.Equal(0, SecretTable.Build(document, false).RowCount);
    }
}
