using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Certificates;

/// <summary>
/// The CA process: <c>dotnet gatewaymesh-ca.dll --dir &lt;state&gt;/ca --port P</c>, HTTPS only on 127.0.0.1; ready once
/// <c>/healthz/ready</c> answers 200 over TLS verified against the CA's own <c>trust-bundle.pem</c> (written on start).
/// Clients (the proxies' agents) get <see cref="TrustBundleFile"/> as <c>--ca-root-file</c> and a token from
/// <c>meshctl ca token</c> (or <see cref="Cli.Identity.TokenMinter"/>).
/// </summary>
internal sealed class CaLauncher(MeshPaths paths)
{
    public const int DefaultPort = 15012;
    public const string Name = "ca";

    /// <summary>The local mesh's CA folder: <c>&lt;state dir&gt;/ca</c>.</summary>
    public static string DefaultDir(MeshPaths paths) => Path.Combine(paths.StateDir, "ca");

    public static string TrustBundleFile(string caDir) => Path.Combine(caDir, "trust-bundle.pem");

    public static string Url(int port) => $"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The CA's default issuance rate per identity and minute (its <c>--rate-per-minute</c>).</summary>
    public const int DefaultRatePerMinute = 10;

    /// <summary>The most proxies of Bookinfo that share one identity (reviews v1, v2 and v3: service account reviews).</summary>
    private const int ProxiesPerIdentity = 3;

    public ProcessSpec CreateSpec(string dotnet, string caDll, int port, TimeSpan? certTtl = null, string trustDomain = "cluster.local")
    {
        var dir = DefaultDir(paths);
        OwnerOnly.CreateDirectory(dir);
        var url = Url(port);
        List<string> arguments = [caDll, "--dir", dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--trust-domain", trustDomain];
        if (RatePerMinute(certTtl) is { } rate)
        {
            arguments.AddRange(["--rate-per-minute", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        return new ProcessSpec
        {
            Name = Name,
            Executable = dotnet,
            Arguments = arguments,
            WorkingDirectory = dir,
            Address = url,
            Ports = new Dictionary<string, int> { ["https"] = port },
            CheckReadiness = ct => ReadinessAsync(url, TrustBundleFile(dir), ct),
            ReadyTimeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>
    /// The issuance rate short certificates need: each proxy renews at about half-life, so an identity shared by
    /// <see cref="ProxiesPerIdentity"/> proxies asks <c>3 × 120 / ttl</c> times a minute; twice that leaves room for
    /// retries and rotations. Null when the CA's default is enough (certificates of 2 min and longer).
    /// </summary>
    internal static int? RatePerMinute(TimeSpan? certTtl)
    {
        if (certTtl is not { } ttl)
        {
            return null;
        }

        var needed = (int)Math.Ceiling(2 * ProxiesPerIdentity * 120 / Math.Max(1, ttl.TotalSeconds));
        return needed > DefaultRatePerMinute ? needed : null;
    }

    public static async Task<Readiness> ReadinessAsync(string url, string trustBundleFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(trustBundleFile))
        {
            return Readiness.NotReady($"{trustBundleFile} not written yet");
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(trustBundleFile);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url + "/healthz/ready"), cancellationToken);
            return response.IsSuccessStatusCode ? Readiness.Ready : Readiness.NotReady($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return Readiness.NotReady(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Readiness.NotReady("no answer");
        }
    }
}
