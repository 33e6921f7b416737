using System.Security.Cryptography;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// The key bootstrap tokens are signed with (<c>&lt;dir&gt;/token-signing.key</c>, ECDSA P-256, owner-only): created
/// beside the root on first start; <c>meshctl</c> reads it to mint tokens, the CA verifies with its public half.
/// </summary>
public static class TokenSigningKey
{
    /// <summary>Creates the key when missing, then returns its public half (the only part the CA keeps in memory).</summary>
    public static ECDsa LoadOrCreateVerificationKey(CaDirectory directory)
    {
        if (!File.Exists(directory.TokenSigningKeyFile))
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            OwnerOnlyFiles.Write(directory.TokenSigningKeyFile, created.ExportPkcs8PrivateKeyPem());
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(OwnerOnlyFiles.ReadSecret(directory.TokenSigningKeyFile));
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new CaStartupException($"{directory.TokenSigningKeyFile} is corrupt: {exception.Message}", exception);
        }

        if (key.KeySize != 256)
        {
            throw new CaStartupException($"{directory.TokenSigningKeyFile} must be an ECDSA P-256 key");
        }

        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return publicKey;
    }
}
