using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// A CA certificate with the private key that signs for it (ECDSA, or RSA for a plug-in CA), and the signature
/// generator and hash the CA signs leaves with. The key is never written anywhere but its owner-only file.
/// </summary>
public sealed class SigningKey
{
    private SigningKey(X509Certificate2 certificate, AsymmetricAlgorithm key, X509SignatureGenerator generator, HashAlgorithmName hash)
    {
        Certificate = certificate;
        Key = key;
        Generator = generator;
        Hash = hash;
    }

    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm Key { get; }

    public X509SignatureGenerator Generator { get; }

    public HashAlgorithmName Hash { get; }

    public static SigningKey Create(X509Certificate2 certificate, ECDsa key) =>
        new(certificate, key, X509SignatureGenerator.CreateForECDsa(key), key.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);

    /// <summary>Reads the key file (owner-only, PEM: PKCS#8, SEC1 EC or PKCS#1 RSA) and checks it matches the certificate.</summary>
    public static SigningKey Load(X509Certificate2 certificate, string keyFile)
    {
        var pem = OwnerOnlyFiles.ReadSecret(keyFile);
        try
        {
            if (certificate.GetECDsaPublicKey() is { } ecPublic)
            {
                var key = ECDsa.Create();
                key.ImportFromPem(pem);
                CheckMatch(ecPublic.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo(), keyFile);
                return Create(certificate, key);
            }

            if (certificate.GetRSAPublicKey() is { } rsaPublic)
            {
                var key = RSA.Create();
                key.ImportFromPem(pem);
                CheckMatch(rsaPublic.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo(), keyFile);
                return new SigningKey(certificate, key, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256);
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            // The exception text never contains key material; it names what could not be parsed.
            throw new CaStartupException($"{keyFile} is corrupt or not the key type of its certificate: {exception.Message}", exception);
        }

        throw new CaStartupException($"{keyFile}: the CA certificate's key must be ECDSA or RSA");
    }

    private static void CheckMatch(byte[] certificateKey, byte[] fileKey, string keyFile)
    {
        if (!certificateKey.AsSpan().SequenceEqual(fileKey))
        {
            throw new CaStartupException($"{keyFile} does not match its certificate's public key");
        }
    }
}
