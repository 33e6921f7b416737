using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GatewayMesh.Core.Identity;

/// <summary>
/// Proof that a request comes from the holder of a workload certificate, for calls that do not run over mTLS (the
/// registry's HTTP API): the certificate chain (PEM, leaf first) and the leaf key's signature over the request's own
/// statement and the time it was signed. The private key never leaves the proxy; a proof is bound to one statement
/// and is accepted only for <see cref="MaxAge"/> either side of the verifier's clock.
/// </summary>
public sealed record WorkloadProof(IReadOnlyList<string> Certificates, long SignedAtUnixMs, string Signature)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private const int MaxCertificates = 4;
    private const int MaxPemLength = 16 * 1024;
    private const string Domain = "gatewaymesh-workload-proof-v1";

    /// <summary>Signs <paramref name="statement"/> with the leaf's private key (ECDSA P-256 or RSA).</summary>
    public static WorkloadProof Sign(X509Certificate2 leaf, X509Certificate2Collection intermediates, string statement, DateTimeOffset now)
    {
        var signedAt = now.ToUnixTimeMilliseconds();
        var data = Input(statement, signedAt);
        byte[] signature;
        using (var ecdsa = leaf.GetECDsaPrivateKey())
        {
            if (ecdsa is not null)
            {
                signature = ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                return new WorkloadProof(Pems(leaf, intermediates), signedAt, Convert.ToBase64String(signature));
            }
        }

        using var rsa = leaf.GetRSAPrivateKey() ?? throw new InvalidOperationException("the workload certificate has no ECDSA or RSA private key");
        signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new WorkloadProof(Pems(leaf, intermediates), signedAt, Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Checks the proof for <paramref name="statement"/>: the leaf chains to <paramref name="roots"/> (through the sent
    /// intermediates) at <paramref name="now"/> for client authentication, names exactly one SPIFFE ID of
    /// <paramref name="trustDomain"/>, was signed within <see cref="MaxAge"/> of now, and its key signed exactly this
    /// statement. On failure <paramref name="error"/> says what was wrong, safe to return to the caller.
    /// </summary>
    public bool TryVerify(
        string statement, X509Certificate2Collection roots, string trustDomain, DateTimeOffset now,
        [NotNullWhen(true)] out SpiffeId? identity, out string error)
    {
        identity = null;
        if (Certificates is not { Count: > 0 and <= MaxCertificates } || Certificates.Any(p => string.IsNullOrEmpty(p) || p.Length > MaxPemLength))
        {
            error = $"proof.certificates: 1 to {MaxCertificates} PEM certificates, leaf first, each at most {MaxPemLength} characters";
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeMilliseconds(SignedAtUnixMs)).Duration() > MaxAge)
        {
            error = $"proof.signedAtUnixMs: signed more than {MaxAge.TotalSeconds:0} s from the registry's clock";
            return false;
        }

        var chain = new List<X509Certificate2>();
        try
        {
            foreach (var pem in Certificates)
            {
                chain.Add(X509Certificate2.CreateFromPem(pem));
            }

            return VerifyChain(chain, statement, roots, trustDomain, now, out identity, out error);
        }
        catch (CryptographicException)
        {
            error = "proof.certificates: not PEM certificates";
            return false;
        }
        finally
        {
            chain.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// The statement a group registration signs: what it asks for, so a proof cannot be reused for another request (nor
    /// a healthy report's proof for an unhealthy one, or the other way round). Without a probe verdict the statement is
    /// the one proxies without health reports sign.
    /// </summary>
    public static string GroupRegistrationStatement(string @namespace, string group, string address, int port, string? network, bool? healthy = null) =>
        $"register {@namespace}/{group} {address}:{port} network={network ?? ""}" + (healthy switch
        {
            true => " healthy=true",
            false => " healthy=false",
            null => "",
        });

    private bool VerifyChain(
        List<X509Certificate2> certificates, string statement, X509Certificate2Collection roots, string trustDomain, DateTimeOffset now,
        [NotNullWhen(true)] out SpiffeId? identity, out string error)
    {
        identity = null;
        var leaf = certificates[0];
        if (now < leaf.NotBefore.ToUniversalTime() || now >= leaf.NotAfter.ToUniversalTime())
        {
            error = "proof.certificates[0]: expired or not yet valid";
            return false;
        }

        if (SpiffeId.FromCertificate(leaf) is not { } id || id.TrustDomain != trustDomain)
        {
            error = $"proof.certificates[0]: names no single SPIFFE ID of trust domain '{trustDomain}'";
            return false;
        }

        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
            if (!chain.Build(leaf))
            {
                error = "proof.certificates: the leaf does not chain to the mesh's trust bundle";
                return false;
            }
        }

        if (!SignatureMatches(leaf, Input(statement, SignedAtUnixMs)))
        {
            error = "proof.signature: not the certificate key's signature of this request";
            return false;
        }

        identity = id;
        error = "";
        return true;
    }

    private bool SignatureMatches(X509Certificate2 leaf, byte[] data)
    {
        var signature = new byte[Signature.Length];
        if (!Convert.TryFromBase64String(Signature, signature, out var length))
        {
            return false;
        }

        signature = signature[..length];
        using var ecdsa = leaf.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        using var rsa = leaf.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Input(string statement, long signedAt) => Encoding.UTF8.GetBytes($"{Domain}\n{signedAt}\n{statement}");

    private static string[] Pems(X509Certificate2 leaf, X509Certificate2Collection intermediates) =>
        [leaf.ExportCertificatePem(), .. intermediates.Select(c => c.ExportCertificatePem())];
}
