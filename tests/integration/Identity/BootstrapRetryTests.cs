using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>
/// A bootstrap whose answer is lost after the CA issued (the CA spent the token): the agent's retry sends the same
/// token with the same key, and the real CA over HTTPS issues again. Sending a new key would find the token spent, and
/// the proxy would stay without a certificate until an operator wrote a new token (seen under load in full runs).
/// </summary>
public sealed class BootstrapRetryTests
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");

    [Fact]
    public async Task BootstrapAnswerLostTwice_AgentRetriesWithTheSameKey_AndGetsItsCertificate()
    {
        var lost = new LostCaAnswers(count: 2);
        var ca = await RealCaHost.StartAsync(configure: services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(lost));
        try
        {
            var options = new CertificateAgentOptions(ca.Address, ca.RootFile, ca.MintTokenFile(Reviews))
            {
                InitialRetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            };
            using var agent = new CertificateAgent(
                Reviews, options, new CaClient(options, NullLogger<CaClient>.Instance), TimeProvider.System, NullLogger<CertificateAgent>.Instance);
            await agent.StartAsync(CancellationToken.None);
            try
            {
                var certificate = await AgentWaits.NextCertificateAsync(agent);

                Assert.True(lost.AllLost.Task.IsCompleted);
                Assert.Equal(Reviews, SpiffeId.FromCertificate(certificate.Leaf));
                var issued = File.ReadAllLines(ca.AuditLog).Where(line => line.Contains("\"issued\"", StringComparison.Ordinal)).ToList();
                Assert.Equal(3, issued.Count);
                Assert.DoesNotContain(File.ReadAllLines(ca.AuditLog), line => line.Contains("already used", StringComparison.Ordinal));
            }
            finally
            {
                await agent.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await ca.DisposeAsync();
            ca.DeleteDir();
        }
    }
}
