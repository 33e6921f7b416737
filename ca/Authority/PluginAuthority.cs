using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// An operator-supplied CA (<c>--plugin-certs</c>), with the usual file names: <c>ca-cert.pem</c> (the signing
/// certificate, an intermediate or a root), <c>ca-key.pem</c> (its key, owner-only), <c>root-cert.pem</c> (the roots
/// workloads trust) and <c>cert-chain.pem</c> (optional: ca-cert and the intermediates up to the root). The signing
/// certificate must be a CA allowed to sign certificates, valid now, and chain to a root of root-cert.pem.
/// </summary>
public static class PluginAuthority
{
    public static IssuingAuthority Load(string folder, TimeProvider time)
    {
        var caCertFile = Path.Combine(folder, "ca-cert.pem");
        var signing = RootFiles.ReadCertificate(caCertFile);
        var signer = SigningKey.Load(signing, Path.Combine(folder, "ca-key.pem"));
        var rootFile = Path.Combine(folder, "root-cert.pem");
        var roots = File.Exists(rootFile) ? PemText.Certificates(File.ReadAllText(rootFile), rootFile) : throw new CaStartupException($"{rootFile} is missing");
        var chainFile = Path.Combine(folder, "cert-chain.pem");
        var chain = File.Exists(chainFile) ? PemText.Certificates(File.ReadAllText(chainFile), chainFile) : [];

        var intermediates = chain.Where(c => !IsSelfSigned(c) && c.Thumbprint != signing.Thumbprint).ToList();
        var root = BuildChain(signing, intermediates, roots, time, caCertFile, rootFile);
        List<X509Certificate2> sent = IsSelfSigned(signing) ? [] : [signing, .. intermediates];
        return new IssuingAuthority(signer, sent, [.. roots], root);
    }

    private static X509Certificate2 BuildChain(
        X509Certificate2 signing, List<X509Certificate2> intermediates, X509Certificate2Collection roots, TimeProvider time, string caCertFile, string rootFile)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(signing))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
            throw new CaStartupException($"{caCertFile} does not chain to a root in {rootFile} ({status}); put the intermediates in cert-chain.pem");
        }

        var root = chain.ChainElements[^1].Certificate;
        foreach (var element in chain.ChainElements.Skip(1))
        {
            if (!RootFiles.IsCa(element.Certificate))
            {
                throw new CaStartupException($"{element.Certificate.Subject} in the plug-in chain is not a CA certificate");
            }
        }

        return root;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
