using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// Stands in for the shared upstream client: each attempt is answered by <see cref="Respond"/> (given the 1-based
/// attempt number), its target authority is recorded, and <see cref="AttemptStarted"/> completes when attempt n begins.
/// </summary>
internal sealed class ScriptedUpstream : HttpMessageInvoker
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, TaskCompletionSource<HttpRequestMessage>> _started = new();
    private readonly ConcurrentQueue<string> _authorities = new();
    private int _attempts;

    public ScriptedUpstream()
        : base(new HttpClientHandler(), disposeHandler: true)
    {
    }

    public Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _, _) => Task.FromResult(Status(200));

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<string> Authorities => [.. _authorities];

    /// <summary>The cancellation tokens attempts were given, in order.</summary>
    public ConcurrentQueue<CancellationToken> Tokens { get; } = new();

    public static HttpResponseMessage Status(int status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static Exception ConnectFailure() =>
        new HttpRequestException(HttpRequestError.ConnectionError, "connection refused", new SocketException((int)SocketError.ConnectionRefused));

    public static Exception RefusedStream() =>
        new HttpRequestException(HttpRequestError.HttpProtocolError, "refused", new HttpProtocolException(0x7, "REFUSED_STREAM", null));

    public static Exception Reset() =>
        new HttpRequestException(HttpRequestError.ResponseEnded, "reset", new IOException("connection reset"));

    /// <summary>Never answers; fails with the cancellation when the attempt is cancelled.</summary>
    public static async Task<HttpResponseMessage> Hang(CancellationToken cancellation)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellation);
        throw new InvalidOperationException("unreachable");
    }

    public Task<HttpRequestMessage> AttemptStarted(int attempt) => Started(attempt).Task.WaitAsync(Wait);

    public bool HasStarted(int attempt) => Started(attempt).Task.IsCompleted;

    public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        _authorities.Enqueue(request.RequestUri!.Authority);
        Tokens.Enqueue(cancellationToken);
        Started(attempt).TrySetResult(request);
        return Respond(attempt, request, cancellationToken);
    }

    private TaskCompletionSource<HttpRequestMessage> Started(int attempt) =>
        _started.GetOrAdd(attempt, _ => new TaskCompletionSource<HttpRequestMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
}
