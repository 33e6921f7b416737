using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>Writes a root into <c>roots/&lt;id&gt;/</c> and reads it back, checking the files strictly.</summary>
public static class RootFiles
{
    public static void Write(CaDirectory directory, string id, X509Certificate2 certificate, ECDsa key)
    {
        OwnerOnlyFiles.CreateDirectory(directory.RootsDir);
        OwnerOnlyFiles.CreateDirectory(Path.Combine(directory.RootsDir, id));
        OwnerOnlyFiles.Write(directory.RootKeyFile(id), key.ExportPkcs8PrivateKeyPem());
        OwnerOnlyFiles.Write(directory.RootCertFile(id), certificate.ExportCertificatePem() + "\n");
    }

    public static X509Certificate2 ReadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new CaStartupException($"{path} is missing");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(PemText.FirstCertificate(File.ReadAllText(path), path));
            if (!IsCa(certificate))
            {
                throw new CaStartupException($"{path} is not a CA certificate: it needs BasicConstraints CA:true and KeyUsage keyCertSign");
            }

            return certificate;
        }
        catch (CryptographicException exception)
        {
            throw new CaStartupException($"{path} is corrupt: {exception.Message}", exception);
        }
    }

    /// <summary>The root's certificate with its key (which must match it).</summary>
    public static SigningKey ReadSigner(CaDirectory directory, string id)
    {
        var certificate = ReadCertificate(directory.RootCertFile(id));
        return SigningKey.Load(certificate, directory.RootKeyFile(id));
    }

    public static bool IsCa(X509Certificate2 certificate)
    {
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return constraints is { CertificateAuthority: true } && usage is not null && usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign);
    }
}
