using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

public sealed class CaIssuingTests
{
    [Fact]
    public async Task Sign_ValidTokenAndCsr_IssuesSpiffeLeafWithIstioFields()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var response = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));

        using var leaf = Workload.Leaf(response);
        Assert.Equal([workload.Identity.ToString()], SpiffeId.UriSubjectAlternativeNames(leaf));
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Empty(san.EnumerateDnsNames());
        Assert.Empty(san.EnumerateIPAddresses());
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).Order());
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.NotNull(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault());
        Assert.NotNull(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault());
        Assert.Equal(TimeSpan.FromHours(1), leaf.NotAfter.ToUniversalTime() - TruncateToSeconds(ca.Time.GetUtcNow()));
        Assert.Equal(response.SerialNumber, leaf.SerialNumber);
        Assert.Equal(16, leaf.SerialNumberBytes.Length);
        Assert.Single(response.CertificateChain); // a local root signs: no intermediates
        Assert.True(CaTestHost.Verifies(leaf, Workload.Bundle(response), ca.Time.GetUtcNow()));
        Assert.Equal(workload.Key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Sign_MaxTtl_AcceptedAndSerialsUnique_AboveMaxRefused()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var first = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr(), 24 * 3600));
        var second = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr(), 60));
        var over = await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr(), (24 * 3600) + 1);

        Assert.Equal(TruncateToSeconds(ca.Time.GetUtcNow()) + TimeSpan.FromHours(24), first.NotAfter);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("ttlSeconds", (await over.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_MalformedCsr_Returns400()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("csr", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_CsrWithBadSignature_Returns400()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        var pem = workload.Csr();
        var der = Convert.FromBase64String(pem[System.Security.Cryptography.PemEncoding.Find(pem).Base64Data]);
        der[^3] ^= 0x01;

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE REQUEST", der));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("csr signature does not verify", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_MalformedJson_Returns400()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var client = ca.CreateClient();

        var response = await client.PostAsync(CaApi.CertificatesPath, new StringContent("{\"csr\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_Rsa1024Key_Returns400NamingTheKey()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        using var rsa = RSA.Create(1024);

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), Workload.CsrFor(rsa, workload.Identity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RSA 1024", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_P521Key_Returns400NamingTheKey()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), Workload.CsrFor(key, workload.Identity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ECDSA P-521", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task Sign_CsrWithExtraDnsName_Returns400()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), Workload.CsrFor(workload.Key, workload.Identity, names => names.AddDnsName("evil.example")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_OversizedBody_Returns413()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var workload = new Workload();

        var response = await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr() + new string(' ', 17 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16 KiB", (await response.Content.ReadFromJsonAsync<CaError>())!.Error);
    }

    [Fact]
    public async Task TrustBundle_Get_ServesTheRootPem()
    {
        await using var ca = await CaTestHost.StartAsync();
        using var client = ca.CreateClient();

        var pem = await client.GetStringAsync(CaApi.TrustBundlePath);

        Assert.Equal(File.ReadAllText(ca.Directory.TrustBundleFile), pem);
        Assert.Equal(File.ReadAllText(ca.Directory.ActiveRootCertFile), pem);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
