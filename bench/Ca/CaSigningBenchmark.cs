using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Issuing;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Bench.Ca;

/// <summary>
/// The CA's sign path in process on one thread: parse the PEM CSR and verify its signature, check key and SAN, build
/// and sign the leaf, export PEM. No HTTP, no token. Certificates per second, each run and the median.
/// </summary>
internal static class CaSigningBenchmark
{
    public static int Run(CaBenchOptions options)
    {
        var (_, rootCert, rootKey) = RootCertificateFactory.Create("cluster.local", TimeProvider.System);
        var authority = new IssuingAuthority(SigningKey.Create(rootCert, rootKey), [], [rootCert], rootCert);
        var csrs = Enumerable.Range(0, 64).Select(i => MakeCsr(new SpiffeId("cluster.local", "default", $"sa-{i}"))).ToArray();

        SignFor(authority, csrs, TimeSpan.FromSeconds(1)); // warm-up (JIT, tiering)
        var rates = new List<double>();
        var perCpuSecond = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (rate, count) = SignFor(authority, csrs, TimeSpan.FromSeconds(options.Seconds));
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            rates.Add(rate);
            perCpuSecond.Add(count / cpu);
            Console.WriteLine($"ca-sign run {run}: {rate:F0} certs/s wall, {count / cpu:F0} certs per CPU-second");
        }

        Console.WriteLine($"ca-sign median of {options.Runs}: {CaBenchOptions.Median(rates):F0} certs/s wall, {CaBenchOptions.Median(perCpuSecond):F0} certs per CPU-second (one thread, in process)");
        return 0;
    }

    private static (double Rate, long Count) SignFor(IssuingAuthority authority, string[] csrs, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < duration)
        {
            if (!CsrCheck.TryCheck(csrs[count % csrs.Length], "cluster.local", out var csr, out var error))
            {
                throw new InvalidOperationException(error);
            }

            var names = new SubjectAlternativeNameBuilder();
            names.AddUri(csr!.Identity.ToUri());
            var leaf = LeafCertificateFactory.Issue(authority, csr.PublicKey, names.Build(critical: true), TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
            if (leaf.Pem.Length == 0)
            {
                throw new InvalidOperationException("empty PEM");
            }

            leaf.Certificate.Dispose();
            count++;
        }

        return (count / watch.Elapsed.TotalSeconds, count);
    }

    internal static string MakeCsr(SpiffeId identity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri());
        request.CertificateExtensions.Add(names.Build(critical: true));
        return request.CreateSigningRequestPem();
    }
}
