using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.IntegrationTests.MeshSecurity;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R7: with mesh-wide STRICT mTLS, a sidecar's inbound port refuses plaintext, a client certificate from a foreign CA,
/// an expired certificate from the mesh's own root, and a certificate naming a SPIFFE ID outside the trust domain;
/// a valid mesh certificate is served (so the refusals are not a port that refuses everything). Bookinfo keeps
/// working through it all.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R07StrictMtlsTests(ChaosMesh chaos, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => chaos.Mesh.ApplyAndSyncAsync(MeshPolicies.MeshWideStrict);

    public async Task DisposeAsync() =>
        await chaos.Mesh.MeshctlAsync("delete", "peerauthentications", "default", "-n", "istio-system", "--ignore-not-found");

    [Fact]
    public async Task R7_Strict_PlaintextForeignCaExpiredAndWrongSpiffeIdRefusedValidServed()
    {
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        var port = chaos.Process("reviews-v1").Ports["inbound"];
        using var meshRoot = MeshCertificates.MeshRoot(chaos.State.CaDir!);
        using var foreignRoot = MeshCertificates.ForeignRoot();
        var now = DateTimeOffset.UtcNow;
        const string Client = "spiffe://cluster.local/ns/default/sa/chaos-client";
        // A leaf may not start before its issuer, and the mesh's root is as young as the mesh.
        var rootFrom = new DateTimeOffset(meshRoot.NotBefore.ToUniversalTime());
        var from = rootFrom > now.AddMinutes(-1) ? rootFrom : now.AddMinutes(-1);
        using var valid = MeshCertificates.Leaf(meshRoot, Client, from, now.AddMinutes(10));
        using var foreign = MeshCertificates.Leaf(foreignRoot, Client, now.AddMinutes(-1), now.AddMinutes(10));
        using var expired = MeshCertificates.Leaf(meshRoot, Client, rootFrom, rootFrom.AddSeconds(1));
        using var otherDomain = MeshCertificates.Leaf(meshRoot, "spiffe://evil.example/ns/default/sa/chaos-client", from, now.AddMinutes(10));

        var (plainStatus, _) = await PlaintextProbe.GetAsync(port, "/reviews/0", System.Net.HttpVersion.Version11);
        var outcomes = new Dictionary<string, string?>
        {
            ["plaintext"] = plainStatus is null ? null : ((int)plainStatus).ToString(),
            ["foreign CA"] = await GetOverTlsAsync(port, foreign),
            ["expired"] = await GetOverTlsAsync(port, expired),
            ["wrong SPIFFE ID"] = await GetOverTlsAsync(port, otherDomain),
        };
        var control = await GetOverTlsAsync(port, valid);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();

        ChaosReport.Record(
            new ChaosFigure("R7", load.Description, "mesh-wide STRICT; 4 bad clients at a sidecar inbound", sent, failed, lost, "n/a")
            {
                Notes = string.Join("; ", outcomes.Select(o => $"{o.Key}: {o.Value ?? "refused"}")) + $"; valid mesh certificate: {control}",
            },
            output);
        Assert.Equal("200", control);
        Assert.All(outcomes, outcome => Assert.True(outcome.Value is null, $"{outcome.Key} was served: HTTP {outcome.Value}"));
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    /// <summary>One HTTP/1.1 request over TLS with <paramref name="certificate"/>; the status, or null when the connection was refused.</summary>
    private static async Task<string?> GetOverTlsAsync(int port, X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "reviews",
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, serverCertificate, _, _) => serverCertificate is not null, // what is tested is the client certificate the sidecar accepts, not the server's identity
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                EnabledSslProtocols = SslProtocols.Tls13,
            });
            await tls.WriteAsync(Encoding.ASCII.GetBytes("GET /reviews/0 HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[64];
            var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            var line = Encoding.ASCII.GetString(buffer, 0, read);
            return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? line[9..12] : null;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or TimeoutException)
        {
            return null;
        }
    }
}
