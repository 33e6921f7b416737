using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using GatewayMesh.Core.Identity;
using GatewayMesh.Registry.Kubernetes.Settings;

namespace GatewayMesh.Registry.Kubernetes.Certificates;

/// <summary>
/// The webhooks' serving certificate, from the mesh's CA: a P-256 key made in memory, a CSR for the registry's SPIFFE
/// ID (read from its ServiceAccount token's subject), and the webhook Service's DNS names (which the CA grants to this
/// identity only), authenticated with the projected ServiceAccount token. Renewed at half-life; after each issuance
/// the CA's trust bundle is patched into the webhook configurations' <c>caBundle</c>. Until the first certificate
/// arrives, handshakes on the webhook port fail (the API server retries), and readiness says why.
/// </summary>
internal sealed class WebhookCertificate(KubernetesOptions options, CaBundlePatcher patcher, TimeProvider time, ILogger<WebhookCertificate> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);
    private volatile X509Certificate2? _current;

    public X509Certificate2? Current => _current;

    /// <summary>The DNS and IP names the certificate carries.</summary>
    public IReadOnlyList<string> Names { get; } =
    [
        $"{options.WebhookService}.{options.Namespace}.svc",
        $"{options.WebhookService}.{options.Namespace}.svc.cluster.local",
        .. (options.WebhookExtraNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var (certificate, bundle) = await IssueAsync(stoppingToken);
                Interlocked.Exchange(ref _current, certificate);
                var names = string.Join(",", Names);
                var notAfter = certificate.NotAfter.ToUniversalTime();
                Log.WebhookCertificateIssued(logger, names, notAfter);
                await patcher.PatchAsync(bundle, stoppingToken);
                var lifetime = certificate.NotAfter.ToUniversalTime() - certificate.NotBefore.ToUniversalTime();
                wait = certificate.NotBefore.ToUniversalTime() + lifetime / 2 - time.GetUtcNow().UtcDateTime;
                retry = FirstRetry;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.WebhookCertificateFailed(logger, exception.Message, retry);
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, retry.Ticks * 2));
            }

            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(X509Certificate2 Certificate, string TrustBundlePem)> IssueAsync(CancellationToken cancellationToken)
    {
        var caAddress = options.CaAddress ?? throw new InvalidOperationException("--ca-address is required for the webhooks' certificate");
        var token = File.ReadAllText(options.CaTokenFile ?? throw new InvalidOperationException("--ca-token-file is required")).Trim();
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.CaRootFile ?? throw new InvalidOperationException("--ca-root-file is required"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(IdentityOf(token).ToUri());
        request.CertificateExtensions.Add(san.Build(critical: true));

        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && ChainsTo(new X509Certificate2(certificate), roots);
        using var http = new HttpClient(handler) { BaseAddress = new Uri(caAddress), Timeout = TimeSpan.FromSeconds(15) };
        using var message = new HttpRequestMessage(HttpMethod.Post, CaApi.CertificatesPath)
        {
            Content = JsonContent.Create(new SignRequest(request.CreateSigningRequestPem(), DnsNames: Names)),
        };
        message.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(message, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the CA answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var signed = await response.Content.ReadFromJsonAsync<SignResponse>(new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken)
            ?? throw new InvalidOperationException("the CA answered an empty body");
        using var leaf = X509Certificate2.CreateFromPem(signed.CertificateChain[0]);
        using var withKey = leaf.CopyWithPrivateKey(key);
        var usable = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (usable, string.Join("", signed.TrustBundle));
    }

    /// <summary>The SPIFFE ID of the token's ServiceAccount (its <c>sub</c>, <c>system:serviceaccount:NS:NAME</c>); the CA verifies the token.</summary>
    internal SpiffeId IdentityOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new InvalidOperationException("the CA token file does not hold a JWT");
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        var subject = claims.RootElement.GetProperty("sub").GetString() ?? "";
        var segments = subject.Split(':');
        if (segments.Length != 4 || segments[0] != "system" || segments[1] != "serviceaccount")
        {
            throw new InvalidOperationException($"the CA token's subject '{subject}' is not a ServiceAccount");
        }

        return new SpiffeId(options.TrustDomain, segments[2], segments[3]);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
