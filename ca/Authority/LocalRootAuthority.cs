using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// The CA's own roots in <c>--dir</c>: created on first start (an ECDSA P-256 root for 10 years), loaded on every later
/// start and reload. The active root signs; the roots of <c>roots.json</c> form the trust bundle.
/// </summary>
public static class LocalRootAuthority
{
    /// <summary>Creates the first root when the folder has none. True when it did.</summary>
    public static bool EnsureCreated(CaDirectory directory, string trustDomain, TimeProvider time)
    {
        OwnerOnlyFiles.CreateDirectory(directory.Path);
        if (File.Exists(directory.RootSetFile))
        {
            return false;
        }

        if (Directory.Exists(directory.RootsDir) && Directory.EnumerateFileSystemEntries(directory.RootsDir).Any())
        {
            throw new CaStartupException($"{directory.RootSetFile} is missing but {directory.RootsDir} holds roots: restore roots.json rather than creating a new root");
        }

        var (id, certificate, key) = RootCertificateFactory.Create(trustDomain, time);
        using (key)
        {
            RootFiles.Write(directory, id, certificate, key);
        }

        new RootSet(id).Write(directory);
        return true;
    }

    public static IssuingAuthority Load(CaDirectory directory)
    {
        var set = RootSet.Read(directory);
        var signer = RootFiles.ReadSigner(directory, set.Active);
        var bundle = set.Trusted.Select(id => id == set.Active ? signer.Certificate : RootFiles.ReadCertificate(directory.RootCertFile(id))).ToArray();
        var authority = new IssuingAuthority(signer, [], bundle, signer.Certificate);
        WritePublicCopies(directory, authority);
        return authority;
    }

    /// <summary>Keeps <c>root-cert.pem</c> and <c>trust-bundle.pem</c> in step with <c>roots.json</c>.</summary>
    public static void WritePublicCopies(CaDirectory directory, IssuingAuthority authority)
    {
        WriteIfChanged(directory.ActiveRootCertFile, authority.Root.ExportCertificatePem() + "\n");
        WriteIfChanged(directory.TrustBundleFile, authority.TrustBundlePem);
    }

    public static IReadOnlyList<X509Certificate2> ReadBundle(CaDirectory directory) =>
        [.. RootSet.Read(directory).Trusted.Select(id => RootFiles.ReadCertificate(directory.RootCertFile(id)))];

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            OwnerOnlyFiles.Write(path, text);
        }
    }
}
