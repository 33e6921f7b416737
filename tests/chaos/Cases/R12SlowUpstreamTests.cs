using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R12: a slow upstream (answers after 10 s) and a half-open one (accepts, never answers) behind routes with a 1 s
/// timeout, and slowloris clients trickling request headers to the ingress. The slow routes answer 504 when their
/// timeout fires; Bookinfo's routes are unaffected (no failed request); the ingress's memory stays bounded (its RSS
/// before and after is reported, and may not grow by more than 200 MB).
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R12SlowUpstreamTests(ChaosMesh chaos, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Slowloris = 200;
    private EchoInstance _slow = null!;
    private TcpListener _halfOpen = null!;
    private readonly List<TcpClient> _accepted = [];

    public async Task InitializeAsync()
    {
        _slow = await EchoInstance.StartAsync("slow", TimeSpan.FromSeconds(10));
        _halfOpen = new TcpListener(IPAddress.Loopback, 0);
        _halfOpen.Start();
        _ = AcceptForeverAsync();
        await chaos.Mesh.RegisterAsync("chaos-slow", "slow-1", _slow.Port);
        await chaos.Mesh.RegisterAsync("chaos-halfopen", "halfopen-1", ((IPEndPoint)_halfOpen.LocalEndpoint).Port);
        await chaos.Mesh.ApplyAndSyncAsync(Route("chaos-slow") + "\n---\n" + Route("chaos-halfopen"));
    }

    public async Task DisposeAsync()
    {
        await chaos.Mesh.MeshctlAsync("delete", "vs", "chaos-slow");
        await chaos.Mesh.MeshctlAsync("delete", "vs", "chaos-halfopen");
        await chaos.Mesh.DeregisterAsync("chaos-slow", "slow-1");
        await chaos.Mesh.DeregisterAsync("chaos-halfopen", "halfopen-1");
        _halfOpen.Stop();
        foreach (var client in _accepted)
        {
            client.Dispose();
        }

        await _slow.DisposeAsync();
    }

    [Fact]
    public async Task R12_SlowAndHalfOpenUpstreamsAndSlowlorisClients_TimeoutsFireOtherRoutesUnaffectedMemoryBounded()
    {
        var ingress = chaos.Process("ingress");
        var rssBefore = RssMb(ingress.Pid);
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        using var slowloris = new CancellationTokenSource();
        var trickle = Enumerable.Range(0, Slowloris).Select(_ => TrickleAsync(chaos.IngressPort, slowloris.Token)).ToList();

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new List<string>();
        var timed = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            foreach (var host in new[] { "chaos-slow", "chaos-halfopen" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{chaos.IngressPort}/"));
                request.Headers.Host = host;
                using var response = await client.SendAsync(request);
                statuses.Add($"{host} {(int)response.StatusCode}");
                Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            }
        }

        var slowAnswers = timed.Elapsed / 10;
        await load.WaitForProgressAsync(40, ChaosMesh.Deadline);
        await slowloris.CancelAsync();
        var cut = (await Task.WhenAll(trickle)).Count(closedByServer => closedByServer);
        var (sent, failed, lost) = await load.StopAsync();
        var rssAfter = RssMb(ingress.Pid);

        ChaosReport.Record(
            new ChaosFigure("R12", load.Description, $"slow (10 s) and half-open upstreams behind 1 s timeouts, {Slowloris} slowloris clients", sent, failed, lost, "n/a")
            {
                Notes = $"10 slow-route requests all 504, {slowAnswers.TotalSeconds:0.0} s each on average; {cut} slowloris connections cut by the ingress meanwhile; ingress RSS {rssBefore} MB before, {rssAfter} MB after",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
        Assert.True(rssAfter < rssBefore + 200, $"the ingress grew from {rssBefore} MB to {rssAfter} MB");
    }

    private static string Route(string host) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {{host}}
        spec:
          hosts: [{{host}}]
          gateways: [bookinfo-gateway]
          http:
          - route:
            - destination:
                host: {{host}}
            timeout: 1s
            retries: {attempts: 0}
        """;

    /// <summary>Sends a request head one byte every 2 s; true when the ingress closed the connection before the end.</summary>
    private static async Task<bool> TrickleAsync(int port, CancellationToken stop)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, stop);
            var stream = tcp.GetStream();
            foreach (var b in Encoding.ASCII.GetBytes("GET /productpage HTTP/1.1\r\nHost: slowloris\r\nX-Slow: "))
            {
                await stream.WriteAsync(new[] { b }, stop);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            return !tcp.Connected || tcp.Client.Poll(0, SelectMode.SelectRead) && tcp.Available == 0;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return true;
        }
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                _accepted.Add(await _halfOpen.AcceptTcpClientAsync()); // and never read or answer
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private static long RssMb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kb ? long.Parse(kb) / 1024 : 0;
}
