using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// A fresh ECDSA P-256 key, kept in memory only, and a PEM CSR for it naming the SPIFFE ID as its one URI SAN
/// (subject empty, as Istio's agent sends). The key is never exported or written; a rotation makes a new one.
/// </summary>
public sealed class WorkloadCsr : IDisposable
{
    private WorkloadCsr(ECDsa key, string pem)
    {
        Key = key;
        Pem = pem;
    }

    public ECDsa Key { get; }

    public string Pem { get; }

    public static WorkloadCsr Create(SpiffeId identity)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(identity.ToUri());
            request.CertificateExtensions.Add(san.Build(critical: true));
            return new WorkloadCsr(key, request.CreateSigningRequestPem());
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => Key.Dispose();
}
