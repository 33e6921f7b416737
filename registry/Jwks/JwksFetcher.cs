using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity.Jwks;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Jwks;

/// <summary>What one fetch of a jwksUri gave: the key set's JSON, or why there is none.</summary>
internal sealed record JwksFetchResult(string? Jwks, string? Error);

/// <summary>
/// Fetches a JSON Web Key Set over HTTP(S) for the registry, the only component that reaches out to issuers: at most
/// <see cref="JsonWebKeySet.MaxBytes"/>, within the rule's timeout, without following redirects, and only a body
/// that parses as a key set of public RSA/EC keys counts. HTTPS is verified against the system roots plus, when
/// <c>--jwks-ca-file</c> names one, that PEM bundle (for issuers with a private CA).
/// </summary>
internal sealed class JwksFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly X509Certificate2Collection _extraRoots = [];

    public JwksFetcher(IOptions<RegistryOptions> options)
    {
        if (options.Value.JwksCaFile is { Length: > 0 } caFile)
        {
            _extraRoots.ImportFromPemFile(caFile);
        }

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 64,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = JsonWebKeySet.MaxBytes };
    }

    public async Task<JwksFetchResult> FetchAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new(null, $"HTTP {(int)response.StatusCode} from {uri}");
            }

            if (response.Content.Headers.ContentLength > JsonWebKeySet.MaxBytes)
            {
                return new(null, $"the key set from {uri} is larger than {JsonWebKeySet.MaxBytes} bytes");
            }

            var text = await ReadLimitedAsync(response.Content, deadline.Token);
            if (text is null)
            {
                return new(null, $"the key set from {uri} is larger than {JsonWebKeySet.MaxBytes} bytes");
            }

            return JsonWebKeySet.TryParse(text, out _, out var error) ? new(text, null) : new(null, $"{uri}: {error}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, $"timed out after {timeout.TotalSeconds:0.#} s fetching {uri}");
        }
        catch (HttpRequestException ex)
        {
            return new(null, $"fetching {uri} failed: {ex.Message}");
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        foreach (var root in _extraRoots)
        {
            root.Dispose();
        }
    }

    private static async Task<string?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[JsonWebKeySet.MaxBytes + 1];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
            if (total > JsonWebKeySet.MaxBytes)
            {
                return null;
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_extraRoots.Count == 0 || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
