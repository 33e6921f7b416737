using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.UnitTests.Identity.Agent;

/// <summary>
/// An in-memory CA behind <see cref="ICertificateAuthorityClient"/>: signs each CSR from a P-256 root with the lifetime
/// asked for (1 h by default), valid from the fake clock's now. Every call is recorded; <see cref="FailNext"/> makes
/// calls throw; <see cref="ExtraRoots"/> adds roots to the bundle it answers with.
/// </summary>
internal sealed class FakeCa : ICertificateAuthorityClient, IDisposable
{
    private readonly TimeProvider _time;
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Queue<Exception> _failures = new();

    public FakeCa(TimeProvider time, string subject = "CN=fake mesh root")
    {
        _time = time;
        var request = new CertificateRequest(subject, _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = time.GetUtcNow();
        Root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    public X509Certificate2 Root { get; }

    /// <summary>How far NotBefore is set before now, as a CA allowing for clock skew does.</summary>
    public TimeSpan Backdate { get; set; }

    public List<X509Certificate2> ExtraRoots { get; } = [];

    public Channel<(SignRequest Request, CaCredential Credential)> Calls { get; } = Channel.CreateUnbounded<(SignRequest, CaCredential)>();

    public int CallCount { get; private set; }

    public void FailNext(Exception failure, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>When true every call fails as a CA that is down would.</summary>
    public bool Down { get; set; }

    public Task<SignResponse> SignAsync(SignRequest request, CaCredential credential, CancellationToken cancellationToken)
    {
        CallCount++;
        Calls.Writer.TryWrite((request, credential));
        if (Down)
        {
            return Task.FromException<SignResponse>(new CaRequestException(null, "cannot reach the CA: connection refused"));
        }

        if (_failures.TryDequeue(out var failure))
        {
            return Task.FromException<SignResponse>(failure);
        }

        return Task.FromResult(Sign(request));
    }

    /// <summary>How many trust bundle fetches were made.</summary>
    public int BundleCalls { get; private set; }

    public Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken)
    {
        BundleCalls++;
        if (Down)
        {
            return Task.FromException<X509Certificate2Collection>(new CaRequestException(null, "cannot reach the CA: connection refused"));
        }

        return Task.FromResult(new X509Certificate2Collection((X509Certificate2[])[Root, .. ExtraRoots]));
    }

    public SignResponse Sign(SignRequest request, SpiffeId? overrideIdentity = null)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(request.Csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var leafRequest = new CertificateRequest(csr.SubjectName, csr.PublicKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(overrideIdentity?.ToUri() ?? SpiffeId.UriSubjectAlternativeNames(ToCertificateForSan(csr)).Select(u => new Uri(u)).Single());
        leafRequest.CertificateExtensions.Add(san.Build(true));
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = _time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)(0x10 | (serial[0] & 0x3F)); // positive, minimal
        using var leaf = leafRequest.Create(Root, now - Backdate, now.AddSeconds(request.TtlSeconds ?? 3600), serial);
        return new SignResponse(
            [leaf.ExportCertificatePem()],
            [Root.ExportCertificatePem(), .. ExtraRoots.Select(r => r.ExportCertificatePem())],
            leaf.SerialNumber,
            leaf.NotAfter.ToUniversalTime());
    }

    /// <summary>The CSR's requested extensions, read through a throwaway self-signed certificate.</summary>
    private static X509Certificate2 ToCertificateForSan(CertificateRequest csr)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var copy = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
        foreach (var extension in csr.CertificateExtensions)
        {
            copy.CertificateExtensions.Add(extension);
        }

        return copy.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    public void Dispose()
    {
        Root.Dispose();
        _rootKey.Dispose();
    }
}
