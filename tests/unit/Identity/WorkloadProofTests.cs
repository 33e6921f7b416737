using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity;

/// <summary>
/// The proof a proxy sends to join a WorkloadGroup: accepted only for its own statement, from a leaf of the bundle's
/// roots with one SPIFFE ID of the trust domain, signed by that leaf's key, within a minute of the verifier's clock.
/// </summary>
public sealed class WorkloadProofTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Statement = WorkloadProof.GroupRegistrationStatement("default", "ratings-vm", "10.0.0.7", 15006, null);
    private readonly X509Certificate2 _root = Root("mesh root");
    private readonly X509Certificate2 _otherRoot = Root("another root");

    [Fact]
    public void TryVerify_OwnStatementFromBundleLeaf_AcceptedWithItsIdentity()
    {
        using var leaf = Leaf(_root, "spiffe://cluster.local/ns/default/sa/bookinfo-ratings");
        var proof = WorkloadProof.Sign(leaf, [], Statement, Now);

        Assert.True(proof.TryVerify(Statement, [_root], "cluster.local", Now.AddSeconds(5), out var identity, out var error), error);
        Assert.Equal(new SpiffeId("cluster.local", "default", "bookinfo-ratings"), identity);
    }

    [Fact]
    public void TryVerify_EveryForgeryOrStaleProof_RefusedNamingTheField()
    {
        using var leaf = Leaf(_root, "spiffe://cluster.local/ns/default/sa/bookinfo-ratings");
        using var stranger = Leaf(_otherRoot, "spiffe://cluster.local/ns/default/sa/bookinfo-ratings");
        using var foreignDomain = Leaf(_root, "spiffe://other.domain/ns/default/sa/bookinfo-ratings");
        using var impostorKey = Leaf(_root, "spiffe://cluster.local/ns/default/sa/bookinfo-ratings");
        var good = WorkloadProof.Sign(leaf, [], Statement, Now);
        var otherStatement = WorkloadProof.GroupRegistrationStatement("default", "ratings-vm", "10.0.0.8", 15006, null);
        var cases = new (WorkloadProof Proof, string Statement, DateTimeOffset Now, string Error)[]
        {
            (good, otherStatement, Now, "proof.signature"),
            (good, Statement, Now.AddMinutes(2), "proof.signedAtUnixMs"),
            (WorkloadProof.Sign(stranger, [], Statement, Now), Statement, Now, "proof.certificates: the leaf does not chain"),
            (WorkloadProof.Sign(foreignDomain, [], Statement, Now), Statement, Now, "proof.certificates[0]: names no single SPIFFE ID"),
            (good with { Signature = WorkloadProof.Sign(impostorKey, [], Statement, Now).Signature }, Statement, Now, "proof.signature"),
            (good with { Certificates = ["not a certificate"] }, Statement, Now, "proof.certificates: not PEM"),
            (good with { Certificates = [] }, Statement, Now, "proof.certificates: 1 to 4"),
        };

        foreach (var (proof, statement, now, expected) in cases)
        {
            Assert.False(proof.TryVerify(statement, [_root], "cluster.local", now, out var identity, out var error));
            Assert.Null(identity);
            Assert.StartsWith(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryVerify_LeafExpiredAtTheVerifiersClock_Refused()
    {
        using var leaf = Leaf(_root, "spiffe://cluster.local/ns/default/sa/bookinfo-ratings", Now.AddHours(-2), Now.AddHours(-1));
        var proof = WorkloadProof.Sign(leaf, [], Statement, Now);

        Assert.False(proof.TryVerify(Statement, [_root], "cluster.local", Now, out _, out var error));
        Assert.Equal("proof.certificates[0]: expired or not yet valid", error);
    }

    public void Dispose()
    {
        _root.Dispose();
        _otherRoot.Dispose();
    }

    private static X509Certificate2 Root(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
    }

    private static X509Certificate2 Leaf(X509Certificate2 issuer, string uri, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=workload", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(uri));
        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, notBefore ?? Now.AddHours(-1), notAfter ?? Now.AddHours(1), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
