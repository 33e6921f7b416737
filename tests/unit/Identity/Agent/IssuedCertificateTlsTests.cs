using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Agent;

/// <summary>The leaf the agent builds (key kept in memory) works as both server and client certificate in a real TLS 1.3 handshake on loopback.</summary>
public sealed class IssuedCertificateTlsTests
{
    private static readonly SpiffeId Ratings = SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-ratings");

    [Fact]
    public async Task Build_Leaf_CompletesMutualTls13HandshakeBothWays()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new FakeCa(time);
        var server = Issue(ca, Ratings, time);
        var client = Issue(ca, AgentHarness.Reviews, time);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var clientSocket = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await clientSocket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var serverSocket = await accept;

        await using var serverTls = new SslStream(serverSocket.GetStream());
        await using var clientTls = new SslStream(clientSocket.GetStream());
        var serverHandshake = serverTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(server.Leaf, server.Intermediates, offline: true),
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateChainPolicy = Policy(server.TrustBundle),
        });
        var clientHandshake = clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "ratings",
            ClientCertificates = [client.Leaf],
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateChainPolicy = Policy(client.TrustBundle),
            RemoteCertificateValidationCallback = (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
        });
        await Task.WhenAll(serverHandshake, clientHandshake).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(SslProtocols.Tls13, clientTls.SslProtocol);
        Assert.Equal(Ratings, SpiffeId.FromCertificate(new X509Certificate2(clientTls.RemoteCertificate!)));
        Assert.Equal(AgentHarness.Reviews, SpiffeId.FromCertificate(new X509Certificate2(serverTls.RemoteCertificate!)));
        await clientTls.WriteAsync("ping"u8.ToArray());
        var buffer = new byte[4];
        await serverTls.ReadExactlyAsync(buffer);
        Assert.Equal("ping"u8.ToArray(), buffer);
    }

    private static WorkloadCertificate Issue(FakeCa ca, SpiffeId identity, TimeProvider time)
    {
        using var csr = WorkloadCsr.Create(identity);
        return IssuedCertificate.Build(ca.Sign(new SignRequest(csr.Pem)), csr.Key, identity, time.GetUtcNow());
    }

    private static X509ChainPolicy Policy(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
