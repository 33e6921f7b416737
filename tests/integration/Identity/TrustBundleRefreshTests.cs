using GatewayMesh.Ca.Rotation;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Ca;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>
/// A root rotation reaches a proxy within a bounded time, not only at its next renewal: the certificate agent (real
/// <see cref="CaClient"/> over HTTPS) fetches the trust bundle every refresh interval on the shared fake clock.
/// </summary>
public sealed class TrustBundleRefreshTests
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly TimeSpan CaReloadInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prepare_NewRootReachesTheAgentWithinOneRefreshIntervalWhileItsOneHourCertificateStays()
    {
        await using var ca = await CaTestHost.StartAsync(null, null, "--reload-interval", "5s");
        var tokenFile = Path.Combine(ca.Dir, "reviews.token");
        await File.WriteAllTextAsync(tokenFile, ca.MintToken(Reviews));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var options = new CertificateAgentOptions(ca.BaseAddress, ca.Directory.TrustBundleFile, tokenFile, TimeSpan.FromHours(1))
        {
            TrustBundleRefreshInterval = RefreshInterval,
        };
        using var agent = new CertificateAgent(Reviews, options, new CaClient(options, NullLogger<CaClient>.Instance), ca.Time, NullLogger<CertificateAgent>.Instance);
        await agent.StartAsync(CancellationToken.None);
        try
        {
            var first = await AgentWaits.NextCertificateAsync(agent);
            Assert.Single(first.TrustBundle);

            RootRotation.Prepare(ca.Directory, "cluster.local", ca.Time);
            ca.Time.Advance(CaReloadInterval); // the CA re-reads its roots
            Assert.Equal(2, ca.Authority.Current.TrustBundle.Count);
            ca.Time.Advance(RefreshInterval - CaReloadInterval); // one refresh interval after the agent started
            var refreshed = await AgentWaits.NextCertificateAsync(agent, first);

            Assert.Equal(2, refreshed.TrustBundle.Count);
            Assert.Single(refreshed.TrustBundle.Select(root => root.Thumbprint).Except(first.TrustBundle.Select(root => root.Thumbprint)));
            Assert.Same(first.Leaf, refreshed.Leaf); // the same certificate: no renewal was needed
        }
        finally
        {
            await agent.StopAsync(CancellationToken.None);
        }
    }
}
