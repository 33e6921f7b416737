using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// Hot swap: both sides' certificates rotate (new keys) several times while the proxy's own upstream client keeps
/// sending over HTTP/2 and HTTP/1.1. Nothing fails, open connections stay open, new handshakes use the new certificates.
/// </summary>
public sealed class CertificateRotationTests : IDisposable
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly SpiffeId Productpage = new("cluster.local", "default", "productpage");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public async Task Rotation_BothSidesSwapUnderContinuousLoad_ZeroFailuresAndNewHandshakesUseNewCertificates()
    {
        var serverSource = new SwappableCertificateSource(Reviews, _ca.Workload(Reviews));
        var clientSource = new SwappableCertificateSource(Productpage, _ca.Workload(Productpage));
        await using var server = await MeshInboundServer.StartAsync(serverSource, new SettableMtlsPolicy(MutualTlsMode.Strict));
        var tls = new UpstreamTls(clientSource, new MeshTransportOptions(), TimeProvider.System, NullLogger<UpstreamTls>.Instance);
        var settings = UpstreamClientSettings.Default(new MeshForwardingOptions()) with { ServerIdentities = new ValueList<string>([Reviews.ToString()]) };
        using var client = new HttpMessageInvoker(UpstreamHandlers.Create(settings, tls));
        using var reconnecting = new HttpMessageInvoker(UpstreamHandlers.Create(settings, tls)); // built before any rotation, as a proxy's client is
        var progress = new Progress();
        var failures = new ConcurrentQueue<string>();
        var connections = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();
        using var stop = new CancellationTokenSource();
        var loops = new[]
        {
            Loop("h2", HttpVersion.Version20), Loop("h2", HttpVersion.Version20), Loop("http/1.1", HttpVersion.Version11),
        };

        for (var rotation = 1; rotation <= 3; rotation++)
        {
            await progress.WhenAtLeast(progress.Count + 30).WaitAsync(Timeout);
            var nextClient = _ca.Workload(Productpage);
            var nextServer = _ca.Workload(Reviews);
            clientSource.Swap(nextClient);
            serverSource.Swap(nextServer);

            // A new connection (Connection: close: one per request) handshakes with the new certificates, on a client built before the rotation.
            X509Certificate2? serverSeen = null;
            using var fresh = new MeshTestClient(_ca.Issue(Productpage), _ca.Root, HttpVersion.Version11, c => serverSeen = c);
            var viaFresh = await fresh.GetEchoAsync(server.Secure);
            var viaProxyClient = await SendAsync(reconnecting, HttpVersion.Version11, closeConnection: true);
            Assert.Equal(nextServer.Leaf.SerialNumber, serverSeen!.SerialNumber);
            Assert.Equal(Productpage.ToString(), viaFresh.Peer);
            Assert.Equal(nextClient.Leaf.SerialNumber, viaProxyClient.PeerSerial);
        }

        await progress.WhenAtLeast(progress.Count + 30).WaitAsync(Timeout);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.Empty(failures);
        Assert.Single(connections["h2"]); // the HTTP/2 connection opened before the first rotation carried every h2 request
        Assert.Single(connections["http/1.1"]);

        async Task Loop(string kind, Version version)
        {
            await Task.Yield();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var echo = await SendAsync(client, version, closeConnection: false);
                    connections.GetOrAdd(kind, _ => new()).TryAdd(echo.Connection, 0);
                    progress.Increment();
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    failures.Enqueue($"{kind}: {ex.Message}");
                    progress.Increment();
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        async Task<InboundEcho> SendAsync(HttpMessageInvoker invoker, Version version, bool closeConnection)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Secure) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            request.Headers.ConnectionClose = closeConnection;
            using var response = await invoker.SendAsync(request, stop.IsCancellationRequested ? CancellationToken.None : stop.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
            return JsonSerializer.Deserialize<InboundEcho>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        }
    }

    public void Dispose() => _ca.Dispose();
}
