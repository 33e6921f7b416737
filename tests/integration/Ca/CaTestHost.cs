using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Hosting;
using GatewayMesh.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GatewayMesh.IntegrationTests.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GatewayMesh.IntegrationTests.Ca;

/// <summary>
/// Runs the CA in-process over real HTTPS on 127.0.0.1:0 with its folder in a temp dir and a fake clock that starts
/// at the real time. Clients trust the CA's bundle on the fake clock (so advancing time does not break the handshake).
/// </summary>
public sealed class CaTestHost : IAsyncDisposable
{
    private readonly bool _ownsDir;

    private CaTestHost(WebApplication app, string dir, FakeTimeProvider time, CapturingLoggerProvider logs, bool ownsDir)
    {
        App = app;
        Dir = dir;
        Time = time;
        Logs = logs;
        _ownsDir = ownsDir;
        BaseAddress = CaApp.GetListeningUri(app);
    }

    public WebApplication App { get; }

    public string Dir { get; }

    public CaDirectory Directory => new(Dir);

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri BaseAddress { get; }

    public AuthorityState Authority => App.Services.GetRequiredService<AuthorityState>();

    public static async Task<CaTestHost> StartAsync(string? dir = null, FakeTimeProvider? time = null, params string[] extraArgs)
    {
        var ownsDir = dir is null;
        dir ??= Path.Combine(System.IO.Directory.CreateTempSubdirectory("ca-test-").FullName, "ca");
        time ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        string[] args = ["--dir", dir, "--port", "0", .. extraArgs];
        var app = CaApp.Create(args, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        });
        await app.StartAsync();
        return new CaTestHost(app, dir, time, logs, ownsDir);
    }

    /// <summary>A client that trusts the CA's current bundle on the fake clock, optionally presenting a client certificate.</summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 served && Verifies(served, Authority.Current.TrustStore, Time.GetUtcNow(), Authority.Current.Intermediates),
            },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string MintToken(SpiffeId identity, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Directory.TokenSigningKeyFile));
        return BootstrapToken.Mint(key, identity, lifetime ?? TimeSpan.FromMinutes(10), Time);
    }

    public async Task<HttpResponseMessage> SignAsync(string? token, string csr, int? ttlSeconds = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CaApi.CertificatesPath)
        {
            Content = JsonContent.Create(new { csr, ttlSeconds }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (client is not null)
        {
            return await client.SendAsync(request);
        }

        using var owned = CreateClient();
        return await owned.SendAsync(request);
    }

    public static bool Verifies(X509Certificate2 leaf, X509Certificate2Collection roots, DateTimeOffset at, IEnumerable<X509Certificate2>? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange((intermediates ?? []).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDir)
        {
            try
            {
                System.IO.Directory.Delete(Path.GetDirectoryName(Dir)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
