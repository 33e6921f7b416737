using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>
/// Credentials replaced while the ingress runs: new handshakes get the new certificate without a restart, requests
/// running meanwhile never fail, and a broken replacement keeps the last good certificate.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CredentialRotationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Host = "rotate.example.com";
    private IngressTlsHarness _tls = null!;

    public async Task InitializeAsync()
    {
        _tls = await IngressTlsHarness.StartAsync(redis);
        _tls.WriteCredential("rotate", Host);
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer(Host, "rotate")), TlsConfigs.WebRoute);
    }

    public async Task DisposeAsync() => await _tls.DisposeAsync();

    [Fact]
    public async Task FilesReplaced_ConfigReapplied_NewHandshakesGetNewCertificateAndNoRequestFails()
    {
        using var load = new RequestLoop(_tls.Client(), Host);
        await load.WaitForSuccessesAsync(5);

        var next = _tls.WriteCredential("rotate", Host);
        await _tls.ApplyAsync(TlsConfigs.WebRoute.Replace("name: web", "name: web2", StringComparison.Ordinal)); // any config change reloads

        Assert.Equal(next.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, Host, _tls.Pki.Root)).Thumbprint);
        var afterRotation = load.Successes;
        await load.WaitForSuccessesAsync(afterRotation + 5);
        var (successes, failures) = await load.StopAsync();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(successes > afterRotation);
    }

    [Fact]
    public async Task FilesReplaced_NoConfigChange_WatcherReloadsForNewHandshakes()
    {
        using var pooled = _tls.Client(pooled: true);
        using var before = await pooled.GetAsync(Host, "/");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var next = _tls.WriteCredential("rotate", Host);
        await _tls.Credentials.WaitForAsync(c => c.Current.Find(Host)?.Credential.Leaf.Thumbprint == next.Thumbprint).WaitAsync(IngressHarness.Timeout);

        Assert.Equal(next.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, Host, _tls.Pki.Root)).Thumbprint);
        using var sameConnection = await pooled.GetAsync(Host, "/"); // an open connection keeps working
        Assert.Equal(HttpStatusCode.OK, sameConnection.StatusCode);
    }

    [Fact]
    public async Task BrokenReplacement_Reloaded_LastGoodCertificateStaysAndErrorIsLogged()
    {
        var served = await HttpsClient.HandshakeAsync(_tls.HttpsPort, Host, _tls.Pki.Root);
        TestPki.Replace(Path.Combine(_tls.CredentialsDir.Path, "rotate", "tls.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        await _tls.Logs.WaitForAsync(line => line.Contains("keeping the last good certificate", StringComparison.Ordinal)).WaitAsync(IngressHarness.Timeout);

        Assert.Equal(served.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, Host, _tls.Pki.Root)).Thumbprint);
        Assert.Contains(_tls.Logs.Lines, line => line.Contains("spec.servers[0].tls.credentialName", StringComparison.Ordinal) && line.Contains("tls.key", StringComparison.Ordinal));
        Assert.DoesNotContain("bm90IGEga2V5", _tls.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>Requests on fresh connections (a handshake each), one after another, until stopped.</summary>
    private sealed class RequestLoop : IDisposable
    {
        private readonly HttpsClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _failures = [];
        private readonly Task _loop;
        private int _successes;
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RequestLoop(HttpsClient client, string host)
        {
            _client = client;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.GetAsync(host, "/");
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref _successes);
                        }
                        else
                        {
                            lock (_failures) { _failures.Add($"HTTP {(int)response.StatusCode}"); }
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        lock (_failures) { _failures.Add(ex.ToString()); }
                    }

                    Interlocked.Exchange(ref _progress, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            });
        }

        public int Successes => Volatile.Read(ref _successes);

        public async Task WaitForSuccessesAsync(int count)
        {
            using var deadline = new CancellationTokenSource(IngressHarness.Timeout);
            while (Successes < count)
            {
                await Volatile.Read(ref _progress).Task.WaitAsync(deadline.Token);
            }
        }

        public async Task<(int Successes, List<string> Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop.WaitAsync(IngressHarness.Timeout);
            lock (_failures)
            {
                return (Successes, [.. _failures]);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
