using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Runtime.Versioning;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

[UnsupportedOSPlatform("windows")]
public sealed class CaRootOfTrustTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Start_FirstTime_CreatesOwnerOnlyRootThatARestartReloads()
    {
        var parent = Directory.CreateTempSubdirectory("ca-root-").FullName;
        var dir = Path.Combine(parent, "ca");
        try
        {
            string firstBundle;
            await using (var first = await CaTestHost.StartAsync(dir))
            {
                firstBundle = first.Authority.Current.TrustBundlePem;
                var root = first.Authority.Current.Root;
                Assert.True(root.Extensions.OfType<X509BasicConstraintsExtension>().Single() is { CertificateAuthority: true, Critical: true });
                Assert.True(root.Extensions.OfType<X509KeyUsageExtension>().Single() is { Critical: true, KeyUsages: X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign });
                Assert.NotNull(root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault());
                Assert.Equal(256, root.GetECDsaPublicKey()!.KeySize);
                Assert.InRange((root.NotAfter - root.NotBefore).TotalDays, 3650, 3653);
                Assert.Contains("O=cluster.local", root.Subject);
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.EndsWith("root-key.pem", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("token-signing.key", StringComparison.Ordinal));
            Assert.All(files, f => Assert.Equal(OwnerOnly, File.GetUnixFileMode(f)));

            await using var second = await CaTestHost.StartAsync(dir);
            Assert.Equal(firstBundle, second.Authority.Current.TrustBundlePem);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Start_RootKeyReadableByOthers_RefusesWithChmodHint()
    {
        await using var host = await CaTestHost.StartAsync();
        var set = RootSet.Read(host.Directory);
        var keyFile = host.Directory.RootKeyFile(set.Active);
        File.SetUnixFileMode(keyFile, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<CaStartupException>(() => CaTestHost.StartAsync(host.Dir));

        Assert.Contains("chmod 600", error.Message);
        Assert.Contains(keyFile, error.Message);
    }

    [Fact]
    public async Task Start_CorruptRootCertificate_RefusesNamingTheFile()
    {
        await using var host = await CaTestHost.StartAsync();
        var certFile = host.Directory.RootCertFile(RootSet.Read(host.Directory).Active);
        File.WriteAllText(certFile, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var error = await Assert.ThrowsAsync<CaStartupException>(() => CaTestHost.StartAsync(host.Dir));

        Assert.Contains(certFile, error.Message);
    }

    [Fact]
    public async Task ServingCertificate_RealTlsWithSystemValidation_ChainsToRootWithLocalhostAndCaIdentity()
    {
        await using var ca = await CaTestHost.StartAsync(null, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(ca.Directory.TrustBundleFile);
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    served = new X509Certificate2(certificate!);
                    return errors == SslPolicyErrors.None;
                },
            },
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        using var client = new HttpClient(handler);

        var ready = await client.GetAsync(new Uri(ca.BaseAddress, "/healthz/ready"));

        Assert.True(ready.IsSuccessStatusCode);
        var names = served!.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Equal(new SpiffeId("cluster.local", "istio-system", "gatewaymesh-ca"), SpiffeId.FromCertificate(served));
    }

    [Fact]
    public async Task ServingCertificate_PastHalfLife_IsReissuedBeforeExpiry()
    {
        await using var ca = await CaTestHost.StartAsync(null, null, "--serving-cert-lifetime", "2h");
        var serving = ca.App.Services.GetRequiredService<GatewayMesh.Ca.Hosting.ServingCertificate>();
        var first = serving.Certificate;

        ca.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Same(first, serving.Certificate);
        ca.Time.Advance(TimeSpan.FromMinutes(2));
        var second = serving.Certificate;

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(second.NotAfter.ToUniversalTime() > first.NotAfter.ToUniversalTime());
        using var client = ca.CreateClient();
        Assert.True((await client.GetAsync("/healthz/ready")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Reload_CorruptRootSet_KeepsTheLastGoodRoot()
    {
        await using var ca = await CaTestHost.StartAsync();
        var before = ca.Authority.Current;
        File.WriteAllText(ca.Directory.RootSetFile, "{ not json");

        Assert.False(ca.Authority.Reload());

        Assert.Same(before, ca.Authority.Current);
        Assert.Contains(ca.Logs.Lines, line => line.Contains("keeping the current root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PluginCa_Intermediate_SignsWithChainAndServesPluginRoot()
    {
        var folder = Directory.CreateTempSubdirectory("ca-plugin-").FullName;
        try
        {
            var (root, intermediate) = PluginFiles.Write(folder, DateTimeOffset.UtcNow);
            await using var ca = await CaTestHost.StartAsync(null, null, "--plugin-certs", folder);
            using var workload = new Workload();

            var response = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));

            Assert.Equal(2, response.CertificateChain.Count);
            using var sentIntermediate = X509Certificate2.CreateFromPem(response.CertificateChain[1]);
            Assert.Equal(intermediate.Thumbprint, sentIntermediate.Thumbprint);
            var bundle = Workload.Bundle(response);
            Assert.Equal(root.Thumbprint, Assert.Single(bundle).Thumbprint);
            using var leaf = Workload.Leaf(response);
            Assert.True(CaTestHost.Verifies(leaf, bundle, ca.Time.GetUtcNow(), [sentIntermediate]));
            Assert.Equal(intermediate.SubjectName.Name, leaf.IssuerName.Name);
            using var client = ca.CreateClient();
            Assert.Equal(File.ReadAllText(Path.Combine(folder, "root-cert.pem")).Trim(), (await client.GetStringAsync(CaApi.TrustBundlePath)).Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task PluginCa_CaCertNotChainingToRoot_RefusesToStart()
    {
        var folder = Directory.CreateTempSubdirectory("ca-plugin-").FullName;
        var other = Directory.CreateTempSubdirectory("ca-plugin-other-").FullName;
        try
        {
            PluginFiles.Write(folder, DateTimeOffset.UtcNow);
            PluginFiles.Write(other, DateTimeOffset.UtcNow);
            File.Copy(Path.Combine(other, "root-cert.pem"), Path.Combine(folder, "root-cert.pem"), overwrite: true);

            var error = await Assert.ThrowsAsync<CaStartupException>(() => CaTestHost.StartAsync(null, null, "--plugin-certs", folder));

            Assert.Contains("does not chain", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task PluginCa_CaCertWithoutKeyCertSign_RefusesToStart()
    {
        var folder = Directory.CreateTempSubdirectory("ca-plugin-").FullName;
        try
        {
            PluginFiles.Write(folder, DateTimeOffset.UtcNow, intermediateIsCa: false);

            var error = await Assert.ThrowsAsync<CaStartupException>(() => CaTestHost.StartAsync(null, null, "--plugin-certs", folder));

            Assert.Contains("not a CA certificate", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>An operator's CA folder: a root and an intermediate, in the plug-in file names.</summary>
internal static class PluginFiles
{
    public static (X509Certificate2 Root, X509Certificate2 Intermediate) Write(string folder, DateTimeOffset now, bool intermediateIsCa = true)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Operator Root, O=example", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Mesh Intermediate, O=example", intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(intermediateIsCa, intermediateIsCa, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(intermediateIsCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediate = request.Create(root, now.AddDays(-1), now.AddYears(2), [0x42, 0x01]);

        OwnerOnlyFiles.Write(Path.Combine(folder, "ca-key.pem"), intermediateKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, "ca-cert.pem"), intermediate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "root-cert.pem"), root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "cert-chain.pem"), intermediate.ExportCertificatePem() + "\n" + root.ExportCertificatePem());
        return (X509CertificateLoader.LoadCertificate(root.RawData), X509CertificateLoader.LoadCertificate(intermediate.RawData));
    }
}
