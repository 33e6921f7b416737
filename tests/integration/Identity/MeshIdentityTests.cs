using System.Text.Json.Nodes;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>What <c>meshctl up</c> sets up for workload identity: the CA process, one owner-only token per proxy, and a certificate in every proxy.</summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class MeshIdentityTests(BookinfoMeshFixture mesh)
{
    [Fact]
    public async Task Up_EveryProxy_HoldsACertificateForItsIdentity()
    {
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var proxies = mesh.State.Processes.Where(p => p.Role is "ingress" or "sidecar").ToList();
        Assert.Equal(GatewayMesh.Cli.Local.Workloads.WorkloadLauncher.Bookinfo.Count + 1, proxies.Count); // every Bookinfo sidecar and the ingress
        foreach (var proxy in proxies.Where(ProcessSupervisor.IsAlive)) // InstanceLossTests may have killed reviews v3 in this collection
        {
            var expected = proxy.Role == "ingress"
                ? "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"
                : $"spiffe://cluster.local/ns/default/sa/{proxy.Service}";
            var document = JsonNode.Parse(await admin.GetStringAsync($"http://127.0.0.1:{proxy.Ports["admin"]}/debug/certs"))!;

            Assert.Equal(expected, document["identity"]!.GetValue<string>());
            Assert.Equal(expected, document["certificates"]![0]!["spiffeId"]!.GetValue<string>());
            Assert.Equal("ACTIVE", document["certificates"]![0]!["state"]!.GetValue<string>());
            Assert.True(document["ready"]!.GetValue<bool>());
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Up_CaAndTokens_RecordedAndOwnerOnly()
    {
        Assert.Contains(mesh.State.Processes, p => p.Name == "ca");
        Assert.StartsWith("https://127.0.0.1:", mesh.State.CaUrl);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(mesh.State.CaDir!));
        var tokens = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(mesh.State.CaDir!)!, "tokens"));
        Assert.Equal(GatewayMesh.Cli.Local.Workloads.WorkloadLauncher.Bookinfo.Count + 1, tokens.Length); // one per proxy
        Assert.All(tokens, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));

        var status = await mesh.MeshctlAsync("status");
        Assert.Equal(mesh.State.Processes.All(ProcessSupervisor.IsAlive) ? 0 : 1, status.ExitCode); // 1: something is down (reviews v3 after InstanceLossTests)
        Assert.Matches(@"(?m)^ca\s", status.Out);
    }

    [Fact]
    public async Task ProxyConfigSecret_Sidecar_PrintsCertChainAndRoot()
    {
        var result = await mesh.MeshctlAsync("pc", "secret", "productpage-v1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^default\s+Cert Chain\s+ACTIVE\s+true\s+[0-9a-f]+", result.Out);
        Assert.Matches(@"(?m)^ROOTCA\s+CA\s+ACTIVE\s+true", result.Out);
        Assert.Contains("spiffe://cluster.local/ns/default/sa/productpage", result.Error);
        Assert.DoesNotContain("PRIVATE", result.Out + result.Error, StringComparison.Ordinal);
    }
}
