using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Bench.Ca;

/// <summary>
/// Load against a running CA over real HTTPS (bench/Ca/run.sh pins the CA to one core): N concurrent clients on
/// keep-alive HTTP/1.1 connections, each request a first issuance with a fresh bootstrap token (minted before the timed
/// phase) and one of 64 CSRs. Certificates per second, each run and the median; any non-200 is counted and printed.
/// </summary>
internal static class CaHttpLoad
{
    private const double MaxExpectedRate = 8_000;

    public static async Task<int> RunAsync(CaBenchOptions options)
    {
        var url = new Uri(options.Url ?? throw new ArgumentException("--url is required"));
        var caDir = options.CaDir ?? throw new ArgumentException("--ca-dir is required");
        using var signingKey = ECDsa.Create();
        signingKey.ImportFromPem(File.ReadAllText(Path.Combine(caDir, "token-signing.key")));
        var identities = Enumerable.Range(0, 64).Select(i => new SpiffeId("cluster.local", "default", $"sa-{i}")).ToArray();
        var csrs = identities.Select(CaSigningBenchmark.MakeCsr).ToArray();
        using var http = CreateClient(url, Path.Combine(caDir, "trust-bundle.pem"), options.Clients);

        await LoadAsync(http, Mint(signingKey, identities, 2_000), csrs, options.Clients, TimeSpan.FromSeconds(2)); // warm-up
        var rates = new List<double>();
        var perCpuSecond = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var tokens = Mint(signingKey, identities, (int)(MaxExpectedRate * options.Seconds));
            var cpuBefore = CaCpuSeconds(options.CaPid);
            var (rate, count, failures) = await LoadAsync(http, tokens, csrs, options.Clients, TimeSpan.FromSeconds(options.Seconds));
            var cpu = CaCpuSeconds(options.CaPid) - cpuBefore;
            rates.Add(rate);
            perCpuSecond.Add(cpu > 0 ? count / cpu : double.NaN);
            Console.WriteLine($"ca-http run {run}: {rate:F0} certs/s wall, {count / cpu:F0} certs per CA CPU-second ({options.Clients} clients, {failures} failures)");
        }

        Console.WriteLine($"ca-http median of {options.Runs}: {CaBenchOptions.Median(rates):F0} certs/s wall, {CaBenchOptions.Median(perCpuSecond):F0} certs per CA CPU-second ({options.Clients} clients over HTTPS)");
        return 0;
    }

    private static (string Token, int Identity)[] Mint(ECDsa key, SpiffeId[] identities, int count)
    {
        var tokens = new (string, int)[count];
        Parallel.For(0, count, i => tokens[i] = (BootstrapToken.Mint(key, identities[i % identities.Length], TimeSpan.FromMinutes(30), TimeProvider.System), i % identities.Length));
        return tokens;
    }

    /// <summary>The CA process's user+system CPU time from /proc (clock ticks of 10 ms); 0 when no pid was given.</summary>
    private static double CaCpuSeconds(int? pid)
    {
        if (pid is not { } id)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<(double Rate, long Count, long Failures)> LoadAsync(HttpClient http, (string Token, int Identity)[] tokens, string[] csrs, int clients, TimeSpan duration)
    {
        long next = -1, done = 0, failures = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            while (watch.Elapsed < duration)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= tokens.Length)
                {
                    return;
                }

                var (token, identity) = tokens[index];
                using var request = new HttpRequestMessage(HttpMethod.Post, CaApi.CertificatesPath) { Content = JsonContent.Create(new SignRequest(csrs[identity])) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref done : ref failures);
            }
        });
        await Task.WhenAll(workers);
        return (done / watch.Elapsed.TotalSeconds, done, failures);
    }

    private static HttpClient CreateClient(Uri url, string bundleFile, int clients)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(bundleFile);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        };
        return new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }
}
