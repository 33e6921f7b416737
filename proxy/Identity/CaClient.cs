using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The CA over HTTPS (docs/ca-api.md). The CA's server certificate must chain to the roots in the root file, read
/// again on every call (custom root trust only: never the system store, never skipped); its name must match the
/// address. Each call uses its own connection, so the credential of one call (a bearer token, or the current
/// certificate as TLS client certificate) never rides on a connection opened with another. Calls are rare (once per
/// half-life), so the handshake costs nothing that matters. Answers are bounded in size and time.
/// </summary>
public sealed class CaClient(CertificateAgentOptions options, ILogger<CaClient> logger) : ICertificateAuthorityClient
{
    public const int MaxResponseBytes = 256 * 1024;
    private const int MaxRootFileBytes = 1024 * 1024;

    public async Task<SignResponse> SignAsync(SignRequest request, CaCredential credential, CancellationToken cancellationToken)
    {
        var uri = new Uri(options.CaAddress, CaApi.CertificatesPath);
        using var handler = CreateHandler(credential as CaCredential.ClientCertificate);
        using var client = new HttpClient(handler) { Timeout = options.RequestTimeout, MaxResponseContentBufferSize = MaxResponseBytes };
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(request, CaClientJson.Default.SignRequest) };
        if (credential is CaCredential.BootstrapToken token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        byte[] body;
        HttpStatusCode status;
        TimeSpan? retryAfter;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            status = response.StatusCode;
            retryAfter = response.Headers.RetryAfter?.Delta;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var failure = new CaRequestException(null, $"cannot reach the CA at {options.CaAddress}: {Describe(ex)}", inner: ex);
            IdentityLog.CaUnreachable(logger, options.CaAddress, failure.Message);
            throw failure;
        }

        if (status != HttpStatusCode.OK)
        {
            var failure = new CaRequestException((int)status, $"the CA answered {(int)status}: {ErrorText(body)}", retryAfter);
            IdentityLog.CaRefused(logger, (int)status, credential.ToString(), ErrorText(body));
            throw failure;
        }

        return Read(body);
    }

    public async Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken)
    {
        using var handler = CreateHandler(null);
        using var client = new HttpClient(handler) { Timeout = options.RequestTimeout, MaxResponseContentBufferSize = MaxResponseBytes };
        string pem;
        try
        {
            using var response = await client.GetAsync(new Uri(options.CaAddress, CaApi.TrustBundlePath), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CaRequestException((int)response.StatusCode, $"the CA answered {(int)response.StatusCode} for its trust bundle");
            }

            pem = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new CaRequestException(null, $"cannot reach the CA at {options.CaAddress}: {Describe(ex)}", inner: ex);
        }

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        return bundle.Count > 0 ? bundle : throw new CaRequestException(200, "the CA answered an empty trust bundle");
    }

    private SocketsHttpHandler CreateHandler(CaCredential.ClientCertificate? clientCertificate)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(LoadRoots(options.RootFile));
        var ssl = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate.Certificate];
        }

        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.RequestTimeout,
            MaxResponseHeadersLength = 16, // KiB
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = ssl,
        };
    }

    /// <summary>Every certificate in the PEM root file; fails clearly when it is missing, too large or holds none.</summary>
    public static X509Certificate2Collection LoadRoots(string rootFile)
    {
        var info = new FileInfo(rootFile);
        if (!info.Exists)
        {
            throw new CaRequestException(null, $"--ca-root-file: '{rootFile}' does not exist");
        }

        if (info.Length > MaxRootFileBytes)
        {
            throw new CaRequestException(null, $"--ca-root-file: '{rootFile}' is larger than {MaxRootFileBytes} bytes");
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(File.ReadAllText(rootFile));
        return roots.Count > 0 ? roots : throw new CaRequestException(null, $"--ca-root-file: '{rootFile}' holds no PEM certificate");
    }

    private static SignResponse Read(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, CaClientJson.Default.SignResponse) is { CertificateChain: not null, TrustBundle: not null } response
                ? response
                : throw new CaRequestException(200, "the CA answered 200 without a certificate chain or trust bundle");
        }
        catch (JsonException ex)
        {
            throw new CaRequestException(200, $"the CA answered 200 with JSON that is not a SignResponse: {ex.Message}", inner: ex);
        }
    }

    /// <summary>The <c>CaError</c> text, else the first line of the body, bounded.</summary>
    private static string ErrorText(byte[] body)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, CaClientJson.Default.CaError) is { Error: { Length: > 0 } error })
            {
                return Bounded(error);
            }
        }
        catch (JsonException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(body).Split('\n')[0].Trim();
        return text.Length == 0 ? "(no error text)" : Bounded(text);
    }

    private static string Bounded(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static string Describe(Exception ex) =>
        ex is TaskCanceledException ? "timed out" : ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
}
