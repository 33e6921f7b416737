using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// A loaded server credential: the leaf with its key, the context SslStream presents (leaf and intermediates), the
/// client CA roots for MUTUAL, and a digest of the files' bytes, so a reload that finds the same bytes keeps this
/// object. The key is held only inside <see cref="Leaf"/>; nothing here is ever logged but the certificate's subject,
/// thumbprint and expiry.
/// </summary>
internal sealed class ServerCredential
{
    public const int MaxFileBytes = CredentialFile.MaxBytes;

    private ServerCredential(X509Certificate2 leaf, SslStreamCertificateContext context, X509Certificate2Collection? clientRoots, byte[] digest)
    {
        Leaf = leaf;
        Context = context;
        ClientRoots = clientRoots;
        Digest = digest;
    }

    public X509Certificate2 Leaf { get; }

    public SslStreamCertificateContext Context { get; }

    public X509Certificate2Collection? ClientRoots { get; }

    public byte[] Digest { get; }

    /// <summary>Reads the PEM texts; throws <see cref="CredentialException"/> naming the field of one that is missing or too large.</summary>
    public static CredentialFiles Read(CredentialPaths paths, ICredentialStore? store) => new(
        paths.Certificate.Read(store, paths.CertificateField, "certificate"),
        paths.Key.Read(store, paths.CertificateField, "private key"),
        paths.Ca?.Read(store, paths.CaField!, "client CA certificate"));

    /// <summary>Parses read files into a credential; throws <see cref="CredentialException"/> naming the field when they do not make one.</summary>
    public static ServerCredential Load(CredentialPaths paths, CredentialFiles files)
    {
        var chain = new X509Certificate2Collection();
        X509Certificate2 leaf;
        try
        {
            chain.ImportFromPem(files.CertificatePem);
            leaf = X509Certificate2.CreateFromPem(files.CertificatePem, files.KeyPem);
        }
        catch (CryptographicException ex)
        {
            throw new CredentialException($"{paths.CertificateField}: {paths.Certificate} and {paths.Key} are not a PEM certificate and its private key ({ex.Message})");
        }

        if (chain.Count == 0)
        {
            throw new CredentialException($"{paths.CertificateField}: {paths.Certificate} holds no PEM certificate");
        }

        X509Certificate2Collection? roots = null;
        if (files.CaPem is { } caPem)
        {
            roots = [];
            try
            {
                roots.ImportFromPem(caPem);
            }
            catch (CryptographicException ex)
            {
                throw new CredentialException($"{paths.CaField}: {paths.Ca} is not PEM ({ex.Message})");
            }

            if (roots.Count == 0)
            {
                throw new CredentialException($"{paths.CaField}: {paths.Ca} holds no PEM certificate");
            }
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new ServerCredential(leaf, context, roots, files.Digest());
    }
}

/// <summary>The text of a credential's files, as read; compared by digest, never logged.</summary>
internal sealed record CredentialFiles(string CertificatePem, string KeyPem, string? CaPem)
{
    public byte[] Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { CertificatePem, KeyPem, CaPem ?? "" })
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }

        return hash.GetHashAndReset();
    }
}

/// <summary>
/// A credential that cannot be loaded; the message names the Gateway field and the file or Secret, never a key's
/// content. <see cref="Problem"/> says whether the last good credential may stay in its place.
/// </summary>
internal sealed class CredentialException(string message, CredentialProblem problem = CredentialProblem.Unreadable) : Exception(message)
{
    public CredentialProblem Problem => problem;
}

/// <summary>Why a credential did not load.</summary>
internal enum CredentialProblem
{
    /// <summary>Missing, broken or half-written: the last good credential stays, if there is one.</summary>
    Unreadable,

    /// <summary>Its source was deleted on purpose (a Kubernetes Secret): the server is no longer served.</summary>
    Removed,

    /// <summary>Not read yet (a Secret's first list is under way): not served, not reported as an error.</summary>
    Pending,
}
