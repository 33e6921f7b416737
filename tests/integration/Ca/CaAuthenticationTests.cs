using System.Net;
using System.Net.Http.Json;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

public sealed class CaAuthenticationTests
{
    [Fact]
    public async Task Sign_CsrForAnotherIdentity_Returns403()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var other = new SpiffeId("cluster.local", "default", "bookinfo-ratings");

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr(asFor: other));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("bookinfo-ratings", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_ExpiredToken_Returns401()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var token = ca.MintToken(workload.Identity, TimeSpan.FromMinutes(10));
        ca.Time.Advance(TimeSpan.FromMinutes(11));

        var response = await ca.SignAsync(token, workload.Csr());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("bootstrap token expired", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_ReplayedTokenWithAnotherKey_Returns401()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        using var thief = new Workload();
        var token = ca.MintToken(workload.Identity);
        await Workload.ReadSignResponseAsync(await ca.SignAsync(token, workload.Csr()));

        var replay = await ca.SignAsync(token, thief.Csr());

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("bootstrap token already used", (await replay.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_SameTokenSameKeyAgain_IssuedAgainForThatKey()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var token = ca.MintToken(workload.Identity);
        var first = await Workload.ReadSignResponseAsync(await ca.SignAsync(token, workload.Csr()));

        var again = await Workload.ReadSignResponseAsync(await ca.SignAsync(token, workload.Csr()));

        Assert.NotEqual(first.SerialNumber, again.SerialNumber);
        using var leaf = workload.WithKey(again);
        Assert.Equal(workload.Identity, SpiffeId.FromCertificate(leaf));
    }

    [Fact]
    public async Task Sign_TokenRefusedBeforeSpending_StaysUsable()
    {
        await using var ca = await CaTestHost.StartAsync(null, null, "--rate-burst", "2", "--rate-per-minute", "6");
        using var workload = new Workload();
        using var other = new Workload();
        await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        var token = ca.MintToken(workload.Identity);

        var badCsr = await ca.SignAsync(token, "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----");
        var limited = await ca.SignAsync(token, other.Csr());
        ca.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.BadRequest, badCsr.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        await Workload.ReadSignResponseAsync(await ca.SignAsync(token, other.Csr()));
    }

    [Fact]
    public async Task Sign_TokenFromAnotherKey_Returns401()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        using var foreignKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var response = await ca.SignAsync(BootstrapToken.Mint(foreignKey, workload.Identity, TimeSpan.FromMinutes(5), ca.Time), workload.Csr());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Sign_NoCredentials_Returns401()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var response = await ca.SignAsync(null, workload.Csr());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no credentials", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_OverRateLimit_Returns429ThenSucceedsAfterRefill()
    {
        await using var ca = await CaTestHost.StartAsync(null, null, "--rate-burst", "2", "--rate-per-minute", "6");
        using var workload = new Workload();
        await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));

        var limited = await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), limited.Headers.RetryAfter?.Delta);

        var otherWorkload = new Workload(serviceAccount: "bookinfo-ratings");
        await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(otherWorkload.Identity), otherWorkload.Csr()));
        ca.Time.Advance(TimeSpan.FromSeconds(10));
        await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
    }

    [Fact]
    public async Task Sign_ValidClientCertificateWithoutToken_Renews()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var first = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        ca.Time.Advance(TimeSpan.FromMinutes(30));
        using var current = workload.WithKey(first);
        using var client = ca.CreateClient(current);

        var renewed = await Workload.ReadSignResponseAsync(await ca.SignAsync(null, workload.Csr(), client: client));

        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.True(renewed.NotAfter > first.NotAfter);
        Assert.Contains("\"authenticator\":\"client-certificate\"", File.ReadAllText(ca.Directory.AuditLogFile));
    }

    [Fact]
    public async Task Sign_ClientCertificateForAnotherIdentity_Returns403()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var first = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        using var current = workload.WithKey(first);
        using var client = ca.CreateClient(current);

        var response = await ca.SignAsync(null, workload.Csr(asFor: new SpiffeId("cluster.local", "default", "bookinfo-details")), client: client);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Sign_ExpiredClientCertificate_Returns401()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var first = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr(), 120));
        ca.Time.Advance(TimeSpan.FromMinutes(3));
        using var expired = workload.WithKey(first);
        using var client = ca.CreateClient(expired);

        var response = await ca.SignAsync(null, workload.Csr(), client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_ClientCertificateFromAnotherCa_Returns401()
    {
        await using var other = await CaTestHost.StartAsync();
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var foreign = await Workload.ReadSignResponseAsync(await other.SignAsync(other.MintToken(workload.Identity), workload.Csr()));
        using var foreignCert = workload.WithKey(foreign);
        using var client = ca.CreateClient(foreignCert);

        var response = await ca.SignAsync(null, workload.Csr(), client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not issued by this CA", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }
}
