using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Proxy.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Agent;

public sealed class WorkloadCsrTests
{
    [Fact]
    public void Create_Csr_HasOneUriSanAndAP256KeyAndEmptySubject()
    {
        using var csr = WorkloadCsr.Create(AgentHarness.Reviews);

        var request = CertificateRequest.LoadSigningRequestPem(csr.Pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

        using var publicKey = request.PublicKey.GetECDsaPublicKey();
        Assert.NotNull(publicKey);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, publicKey.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal("", request.SubjectName.Name);
        var san = Assert.IsType<X509SubjectAlternativeNameExtension>(Assert.Single(request.CertificateExtensions));
        Assert.True(san.Critical);
        Assert.Empty(san.EnumerateDnsNames());
        Assert.Empty(san.EnumerateIPAddresses());
        using var probe = SelfSignedWith(request.CertificateExtensions);
        Assert.Equal(["spiffe://cluster.local/ns/default/sa/bookinfo-reviews"], GatewayMesh.Core.Identity.SpiffeId.UriSubjectAlternativeNames(probe));
        Assert.DoesNotContain("PRIVATE", csr.Pem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Twice_UsesANewKeyEachTime()
    {
        using var first = WorkloadCsr.Create(AgentHarness.Reviews);
        using var second = WorkloadCsr.Create(AgentHarness.Reviews);

        Assert.NotEqual(first.Key.ExportSubjectPublicKeyInfo(), second.Key.ExportSubjectPublicKeyInfo());
    }

    private static X509Certificate2 SelfSignedWith(IEnumerable<X509Extension> extensions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=probe", key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
