using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity;

public sealed class SpiffeIdTests
{
    [Fact]
    public void Parse_WorkloadId_SplitsSegmentsAndFormsPrincipal()
    {
        var id = SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-productpage");

        Assert.Equal(new SpiffeId("cluster.local", "default", "bookinfo-productpage"), id);
        Assert.Equal("cluster.local/ns/default/sa/bookinfo-productpage", id.Principal);
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-productpage", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://cluster.local/ns/default/sa/x")]
    [InlineData("spiffe://cluster.local/ns/default")]
    [InlineData("spiffe://cluster.local/ns//sa/x")]
    [InlineData("spiffe://cluster.local/namespace/default/sa/x")]
    [InlineData("spiffe://cluster.local/ns/default/sa/x/extra")]
    [InlineData("spiffe://cluster local/ns/default/sa/x")]
    public void TryParse_NotAWorkloadId_FalseWithReason(string text)
    {
        Assert.False(SpiffeId.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void FromCertificate_OneSpiffeUri_ReturnsIt()
    {
        using var cert = Certificate("spiffe://cluster.local/ns/default/sa/reviews", "https://example.com/x");

        Assert.Equal(SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/reviews"), SpiffeId.FromCertificate(cert));
    }

    [Fact]
    public void FromCertificate_TwoSpiffeUris_Null()
    {
        using var cert = Certificate("spiffe://cluster.local/ns/default/sa/a", "spiffe://cluster.local/ns/default/sa/b");

        Assert.Null(SpiffeId.FromCertificate(cert));
    }

    [Fact]
    public void FromCertificate_NoSan_Null()
    {
        using var cert = Certificate();

        Assert.Null(SpiffeId.FromCertificate(cert));
    }

    private static X509Certificate2 Certificate(params string[] uris)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        if (uris.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var uri in uris)
            {
                san.AddUri(new Uri(uri));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(10));
    }
}
