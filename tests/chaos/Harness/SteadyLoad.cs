using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Grpc.Core;
using GatewayMesh.IntegrationTests.DataPlane;
using GatewayMesh.IntegrationTests.Protocols;
using GatewayMesh.IntegrationTests.Protocols.Grpc;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// Steady load through the ingress while a fault is injected: Bookinfo's product page over HTTP/1.1 and over h2c, and a
/// server-streaming gRPC call (each call streams <see cref="StreamLength"/> messages). Each worker sends one request at
/// a time with a short pause, so the load is steady rather than saturating two cores. Every request is classified as
/// ok, failed (an answer that is not the expected one) or lost (no answer); the first failures are kept for the message.
/// </summary>
public sealed class SteadyLoad : IAsyncDisposable
{
    public const int StreamLength = 20;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly List<IDisposable> _clients = [];
    private readonly List<Task> _workers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sent;
    private long _failed;
    private long _lost;

    private SteadyLoad()
    {
    }

    /// <summary>What the load is, for the report table.</summary>
    public string Description { get; private set; } = "";

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    public long Lost => Interlocked.Read(ref _lost);

    public IReadOnlyList<string> FirstProblems => [.. _problems.Take(10)];

    /// <summary>
    /// Starts the load against the ingress at <paramref name="ingressPort"/>: <paramref name="pageWorkers"/> HTTP/1.1
    /// and (unless <paramref name="h2c"/> is false: an upstream of undeclared protocol that speaks only HTTP/1.1, which
    /// an h2c client would reach over h2c) as many h2c workers asking for <c>/productpage</c>, and one gRPC streaming worker when <paramref name="grpcAuthority"/> is given.
    /// </summary>
    public static SteadyLoad Start(
        int ingressPort, int pageWorkers = 1, string? grpcAuthority = "greeter", string path = "/productpage", Func<string, bool>? pageIsGood = null, string? host = null, bool h2c = true)
    {
        var load = new SteadyLoad();
        var good = pageIsGood ?? IsFullPage;
        var http1 = load.Track(new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = RequestTimeout });
        var http2 = load.Track(new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = RequestTimeout });
        var uri = new Uri($"http://127.0.0.1:{ingressPort}{path}");
        for (var i = 0; i < pageWorkers; i++)
        {
            load._workers.Add(Task.Run(() => load.PagesAsync(http1, uri, HttpVersion.Version11, good, host)));
            if (h2c)
            {
                load._workers.Add(Task.Run(() => load.PagesAsync(http2, uri, HttpVersion.Version20, good, host)));
            }
        }

        if (grpcAuthority is not null)
        {
            var grpc = load.Track(MeshGrpcClient.Through(new Uri($"http://127.0.0.1:{ingressPort}"), $"http://{grpcAuthority}:50051"));
            load._workers.Add(Task.Run(() => load.StreamsAsync(grpc)));
        }

        load.Description = $"{host ?? ""}{path} {(h2c ? "h1+h2c" : "h1")} x{pageWorkers}" + (grpcAuthority is null ? "" : $", gRPC stream x{StreamLength}");
        return load;
    }

    /// <summary>A product page that shows the book and its reviews: every hop behind the ingress answered.</summary>
    public static bool IsFullPage(string page) =>
        page.Contains("Book Details", StringComparison.Ordinal) && ProductPages.ReviewsVersion(page) is not null && !page.Contains("Sorry, ", StringComparison.Ordinal);

    /// <summary>Stops every worker (each finishes the request in hand) and returns the counts.</summary>
    public async Task<(long Sent, long Failed, long Lost)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return (Sent, Failed, Lost);
    }

    /// <summary>Waits until at least <paramref name="count"/> more requests have been sent (the load is flowing); <see cref="ChaosMode.LoadScale"/> times that in the long mode.</summary>
    public async Task WaitForProgressAsync(long count, TimeSpan deadline)
    {
        var target = Sent + count * ChaosMode.LoadScale;
        deadline *= ChaosMode.LoadScale;
        var waited = Stopwatch.StartNew();
        while (Sent < target)
        {
            if (waited.Elapsed > deadline)
            {
                throw new TimeoutException($"the load made no progress within {deadline.TotalSeconds} s: {string.Join("; ", FirstProblems)}");
            }

            await Task.Delay(50);
        }
    }

    public string Describe() =>
        $"sent {Sent}, failed {Failed}, lost {Lost}" + (_problems.IsEmpty ? "" : $"; first problems: {string.Join("; ", FirstProblems)}");

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private T Track<T>(T client) where T : IDisposable
    {
        _clients.Add(client);
        return client;
    }

    private async Task PagesAsync(HttpClient client, Uri uri, Version version, Func<string, bool> good, string? host)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            if (host is not null)
            {
                request.Headers.Host = host;
            }

            Interlocked.Increment(ref _sent);
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !good(body))
                {
                    Fail(ref _failed, $"HTTP/{version} {(int)response.StatusCode}: {ProductPages.Summary(body)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Fail(ref _lost, $"HTTP/{version}: {ex.GetType().Name} {ex.Message}");
            }

            await Pause.Delay();
        }
    }

    private async Task StreamsAsync(MeshGrpcClient grpc)
    {
        while (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _sent);
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                using var call = grpc.Greeter.Count(new CountRequest { To = StreamLength }, cancellationToken: timeout.Token);
                var received = 0;
                await foreach (var reply in call.ResponseStream.ReadAllAsync(timeout.Token))
                {
                    received = reply.Value == received + 1 ? reply.Value : int.MinValue;
                }

                if (received != StreamLength)
                {
                    Fail(ref _failed, $"gRPC stream ended after {received} of {StreamLength} in order");
                }
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled && ex.Status.DebugException is not null)
            {
                Fail(ref _lost, $"gRPC: {ex.Status.StatusCode} {ex.Status.Detail}");
            }
            catch (RpcException ex)
            {
                Fail(ref _failed, $"gRPC: {ex.Status.StatusCode} {ex.Status.Detail}");
            }
            catch (OperationCanceledException)
            {
                Fail(ref _lost, "gRPC: no complete stream within the timeout");
            }

            await Pause.Delay();
        }
    }

    private void Fail(ref long counter, string problem)
    {
        Interlocked.Increment(ref counter);
        _problems.Enqueue($"{_clock.Elapsed.TotalSeconds:0.0}s {problem}");
    }
}

internal static class PauseExtensions
{
    public static Task Delay(this TimeSpan pause) => Task.Delay(pause);
}
