using GatewayMesh.Proxy.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Agent;

public sealed class CertificateAgentTests
{
    [Fact]
    public async Task Start_FirstIssuance_UsesBootstrapTokenAndPublishes()
    {
        await using var harness = new AgentHarness();
        Assert.Equal("no workload certificate yet", harness.Agent.NotReadyReason());
        var changed = harness.ChangedAsync();

        await harness.StartAsync();
        await changed;

        var (request, credential) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.Equal("token-one", Assert.IsType<CaCredential.BootstrapToken>(credential).Token);
        Assert.Null(request.TtlSeconds);
        var current = Assert.IsType<WorkloadCertificate>(harness.Agent.Current);
        Assert.Equal(AgentHarness.Reviews, GatewayMesh.Core.Identity.SpiffeId.FromCertificate(current.Leaf));
        Assert.True(current.Leaf.HasPrivateKey);
        Assert.Single(current.TrustBundle);
        Assert.Null(harness.Agent.NotReadyReason());
    }

    [Fact]
    public async Task Start_CertTtl_PassedAsTtlSeconds()
    {
        await using var harness = new AgentHarness(ttl: TimeSpan.FromSeconds(20));

        await harness.StartAsync();

        var (request, _) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.Equal(20, request.TtlSeconds);
        Assert.Equal(TimeSpan.FromSeconds(20), harness.Agent.Current!.NotAfter - harness.Agent.Current.NotBefore);
    }

    [Theory]
    [InlineData(0.0, 0.45)]
    [InlineData(0.5, 0.50)]
    [InlineData(0.999999, 0.549999)]
    public async Task Start_Issued_RenewalScheduledAtJitteredHalfLife(double uniform, double fraction)
    {
        await using var harness = new AgentHarness(uniform);

        var scheduled = await harness.StartAsync();

        var current = harness.Agent.Current!;
        var expected = current.NotBefore + ((current.NotAfter - current.NotBefore) * fraction);
        Assert.InRange((scheduled.NextAttemptAt!.Value - expected).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task Start_BackdatedNotBefore_HalfLifeCountedFromReceipt()
    {
        await using var harness = new AgentHarness(uniform: 0.5, ttl: TimeSpan.FromSeconds(20));
        harness.Ca.Backdate = TimeSpan.FromMinutes(1);

        var scheduled = await harness.StartAsync();

        Assert.Equal(harness.Time.GetUtcNow().AddSeconds(10), scheduled.NextAttemptAt);
    }

    [Fact]
    public async Task RenewalTime_Reached_RenewsWithCurrentCertificateAndNewKey()
    {
        await using var harness = new AgentHarness();
        var first = await harness.StartAsync();
        var before = harness.Agent.Current!;
        _ = await harness.Ca.Calls.Reader.ReadAsync();
        var changed = harness.ChangedAsync();

        harness.Time.Advance(first.NextAttemptAt!.Value - harness.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(1, harness.Ca.CallCount); // not a second early
        var second = await harness.AdvanceToAsync(first.NextAttemptAt.Value);
        await changed;

        var (_, credential) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.Same(before.Leaf, Assert.IsType<CaCredential.ClientCertificate>(credential).Certificate);
        var after = harness.Agent.Current!;
        Assert.NotEqual(before.Leaf.SerialNumber, after.Leaf.SerialNumber);
        Assert.NotEqual(before.Leaf.GetPublicKeyString(), after.Leaf.GetPublicKeyString());
        Assert.True(second.NextAttemptAt > first.NextAttemptAt);
    }

    [Fact]
    public async Task CaFailures_RetriedWithCappedExponentialBackoff()
    {
        await using var harness = new AgentHarness(uniform: 0.0);
        harness.Ca.Down = true;

        var waits = new List<TimeSpan>();
        var status = await harness.StartAsync();
        for (var failure = 1; failure <= 7; failure++)
        {
            Assert.Equal(failure, status.ConsecutiveFailures);
            waits.Add(status.NextAttemptAt!.Value - harness.Time.GetUtcNow());
            status = await harness.AdvanceToAsync(status.NextAttemptAt.Value);
        }

        // initial 1 s doubling to the 30 s cap; with U = 0 the wait is half the ceiling
        Assert.Equal([0.5, 1, 2, 4, 8, 15, 15], waits.Select(w => w.TotalSeconds));
        Assert.Contains("cannot reach the CA", status.LastError);
        Assert.StartsWith("no workload certificate yet (last attempt: cannot reach the CA", harness.Agent.NotReadyReason());
    }

    [Fact]
    public async Task CaRecovers_AfterFailures_IssuesAndResetsFailures()
    {
        await using var harness = new AgentHarness();
        harness.Ca.FailNext(new CaRequestException(503, "the CA answered 503: starting"), times: 2);

        var status = await harness.StartAsync();
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        Assert.Equal(2, status.ConsecutiveFailures);
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.NotNull(harness.Agent.Current);
        Assert.Null(harness.Agent.NotReadyReason());
    }

    [Fact]
    public async Task TooManyRequests_WaitsAtLeastRetryAfter()
    {
        await using var harness = new AgentHarness();
        harness.Ca.FailNext(new CaRequestException(429, "the CA answered 429: rate limited", TimeSpan.FromSeconds(40)));

        var status = await harness.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(40), status.NextAttemptAt!.Value - harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task BootstrapTokenRefused_NotSentAgainUntilTheFileChanges()
    {
        await using var harness = new AgentHarness();
        harness.Ca.FailNext(new CaRequestException(401, "the CA answered 401: bootstrap token already used"));

        var status = await harness.StartAsync();
        Assert.Contains("spent or invalid", status.LastError);
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        Assert.Equal(1, harness.Ca.CallCount);
        Assert.Contains("no unused bootstrap token", status.LastError);

        harness.WriteToken("token-two");
        await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        Assert.Equal(2, harness.Ca.CallCount);
        Assert.NotNull(harness.Agent.Current);
    }

    [Fact]
    public async Task BootstrapAnswerLost_RetrySendsTheSameTokenWithTheSameCsr()
    {
        await using var harness = new AgentHarness();
        harness.Ca.FailNext(new CaRequestException(null, "cannot reach the CA at https://127.0.0.1:1/: timed out"));

        var status = await harness.StartAsync();
        await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        var (lost, lostWith) = await harness.Ca.Calls.Reader.ReadAsync();
        var (retry, retryWith) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.Equal("token-one", Assert.IsType<CaCredential.BootstrapToken>(lostWith).Token);
        Assert.Equal("token-one", Assert.IsType<CaCredential.BootstrapToken>(retryWith).Token);
        Assert.Equal(lost.Csr, retry.Csr);
        Assert.NotNull(harness.Agent.Current);
    }

    [Fact]
    public async Task BootstrapTokenRefused_NewTokenGetsANewKey()
    {
        await using var harness = new AgentHarness();
        harness.Ca.FailNext(new CaRequestException(401, "the CA answered 401: bootstrap token already used"));
        var status = await harness.StartAsync();

        harness.WriteToken("token-two");
        await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        var (refused, _) = await harness.Ca.Calls.Reader.ReadAsync();
        var (issued, _) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.NotEqual(refused.Csr, issued.Csr);
        Assert.NotNull(harness.Agent.Current);
    }

    [Fact]
    public async Task Renewal_EachTimeANewKey()
    {
        await using var harness = new AgentHarness();
        var status = await harness.StartAsync();

        await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        var (bootstrap, _) = await harness.Ca.Calls.Reader.ReadAsync();
        var (renewal, renewalWith) = await harness.Ca.Calls.Reader.ReadAsync();
        Assert.IsType<CaCredential.ClientCertificate>(renewalWith);
        Assert.NotEqual(bootstrap.Csr, renewal.Csr);
    }

    [Fact]
    public async Task RenewalFailsPastExpiry_FailsClosedWithReason()
    {
        await using var harness = new AgentHarness();
        var status = await harness.StartAsync();
        var current = harness.Agent.Current!;
        harness.Ca.Down = true;

        while (harness.Time.GetUtcNow() < current.NotAfter)
        {
            Assert.Null(harness.Agent.NotReadyReason());
            status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        }

        Assert.True(current.IsExpiredAt(harness.Time.GetUtcNow()));
        Assert.Same(current, harness.Agent.Current);
        Assert.StartsWith($"workload certificate expired at {current.NotAfter:yyyy-MM-ddTHH:mm:ssZ} and not renewed", harness.Agent.NotReadyReason());
        Assert.True(status.ConsecutiveFailures > 10);
    }

    [Fact]
    public async Task ExpiredWithSpentToken_RecoversWithNewTokenFile()
    {
        await using var harness = new AgentHarness();
        var status = await harness.StartAsync();
        var current = harness.Agent.Current!;
        harness.Ca.Down = true;
        harness.Time.Advance(current.NotAfter - harness.Time.GetUtcNow());
        status = await harness.NextScheduledAsync();
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        Assert.Contains("the certificate has expired and no unused bootstrap token", status.LastError);

        harness.Ca.Down = false;
        harness.WriteToken("token-two");
        status = await harness.AdvanceToAsync(status.NextAttemptAt!.Value);

        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.NotSame(current, harness.Agent.Current);
        Assert.Null(harness.Agent.NotReadyReason());
    }

    [Fact]
    public async Task Renewal_NewTrustBundle_Published()
    {
        await using var harness = new AgentHarness();
        var status = await harness.StartAsync();
        using var rotated = new FakeCa(harness.Time, "CN=next mesh root");
        harness.Ca.ExtraRoots.Add(rotated.Root);
        var changed = harness.ChangedAsync();

        await harness.AdvanceToAsync(status.NextAttemptAt!.Value);
        await changed;

        var bundle = harness.Agent.Current!.TrustBundle;
        Assert.Equal(["CN=fake mesh root", "CN=next mesh root"], bundle.Select(c => c.Subject));
    }

    [Fact]
    public async Task CaAnswersForAnotherIdentity_Refused()
    {
        await using var harness = new AgentHarness();
        var other = GatewayMesh.Core.Identity.SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/ratings");
        using var csr = WorkloadCsr.Create(AgentHarness.Reviews);

        var response = harness.Ca.Sign(new GatewayMesh.Core.Identity.SignRequest(csr.Pem), other);
        var error = Assert.Throws<CaRequestException>(() => IssuedCertificate.Build(response, csr.Key, AgentHarness.Reviews, harness.Time.GetUtcNow()));

        Assert.Contains("does not name spiffe://cluster.local/ns/default/sa/bookinfo-reviews", error.Message);
    }

    [Fact]
    public async Task CaAnswersForAnotherKey_Refused()
    {
        await using var harness = new AgentHarness();
        using var csr = WorkloadCsr.Create(AgentHarness.Reviews);
        using var otherKey = WorkloadCsr.Create(AgentHarness.Reviews);

        var response = harness.Ca.Sign(new GatewayMesh.Core.Identity.SignRequest(csr.Pem));
        var error = Assert.Throws<CaRequestException>(() => IssuedCertificate.Build(response, otherKey.Key, AgentHarness.Reviews, harness.Time.GetUtcNow()));

        Assert.Contains("not for this proxy's key", error.Message);
    }

    [Fact]
    public async Task TrustBundleRefresh_CaAddsARoot_PublishedWithinOneIntervalWithTheSameCertificate()
    {
        await using var harness = new AgentHarness();
        await harness.StartAsync();
        var first = harness.Agent.Current!;
        using var newRoot = new FakeCa(harness.Time, "CN=next mesh root");
        harness.Ca.ExtraRoots.Add(newRoot.Root);
        var changed = harness.ChangedAsync();

        harness.Time.Advance(harness.Options.TrustBundleRefreshInterval);
        await changed;

        var refreshed = harness.Agent.Current!;
        Assert.Same(first.Leaf, refreshed.Leaf);
        Assert.Equal([harness.Ca.Root.Thumbprint, newRoot.Root.Thumbprint], refreshed.TrustBundle.Select(r => r.Thumbprint));
        Assert.Equal(1, harness.Ca.CallCount); // no renewal was needed for it
    }

    [Fact]
    public async Task TrustBundleRefresh_SameRootsOrCaDown_NothingPublished()
    {
        await using var harness = new AgentHarness();
        await harness.StartAsync();
        var first = harness.Agent.Current!;

        await harness.Agent.RefreshTrustBundleOnceAsync(CancellationToken.None);
        harness.Ca.Down = true;
        await harness.Agent.RefreshTrustBundleOnceAsync(CancellationToken.None);

        Assert.Same(first, harness.Agent.Current);
        Assert.Equal(2, harness.Ca.BundleCalls);
    }
}
