using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>Reads certificates out of PEM text, naming the file when there are none.</summary>
public static class PemText
{
    public static byte[] FirstCertificate(string text, string source)
    {
        var all = Certificates(text, source);
        return all[0].RawData;
    }

    public static X509Certificate2Collection Certificates(string text, string source)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(text);
        }
        catch (CryptographicException exception)
        {
            throw new CaStartupException($"{source} is corrupt: {exception.Message}", exception);
        }

        if (collection.Count == 0)
        {
            throw new CaStartupException($"{source} holds no PEM certificate");
        }

        return collection;
    }

    public static string Join(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
}
