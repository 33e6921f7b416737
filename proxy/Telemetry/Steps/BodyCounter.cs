using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using GatewayMesh.Proxy.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Counts the body bytes a request actually moves, whatever its framing (a declared length, chunked, HTTP/2 frames):
/// the bytes read from the client's request body and the bytes written to its response body. It stands in for the
/// request's <see cref="IHttpResponseBodyFeature"/> (its stream and pipe writer count, then pass on) and wraps
/// <see cref="HttpRequest.Body"/> unless the request can have no body, adding what moves straight to
/// <see cref="ProxyRequest.RequestBodyBytes"/> and <see cref="ProxyRequest.ResponseBodyBytes"/> (so no recorder has to
/// look the counter up to copy the counts);
/// <see cref="Unbind"/> puts the originals back. One object per pooled use, never allocated per request
/// (<see cref="BodyCountingStep"/> pools them).
/// </summary>
internal sealed class BodyCounter : IHttpResponseBodyFeature
{
    private readonly RequestStream _request;
    private readonly ResponseStream _response;
    private readonly ResponseWriter _writer;
    private IHttpResponseBodyFeature? _inner;
    private ProxyRequest? _owner;
    private HttpContext? _http;
    private Stream? _innerRequestBody;

    public BodyCounter()
    {
        _request = new RequestStream(this);
        _response = new ResponseStream(this);
        _writer = new ResponseWriter(this);
    }

    private IHttpResponseBodyFeature Inner => _inner ?? throw new InvalidOperationException("The body counter is not bound.");

    private ProxyRequest Owner => _owner ?? throw new InvalidOperationException("The body counter is not bound.");

    /// <summary>
    /// The counter bound to <paramref name="http"/> while it is still the request's response body feature, found through
    /// the response body stream (a feature the context holds cached since the body was written) instead of a lookup
    /// in the feature collection; null when none is bound or a feature with a stream of its own replaced it.
    /// </summary>
    public static BodyCounter? BoundTo(HttpContext http) =>
        http.Response.Body is ResponseStream { Counter: var counter } && ReferenceEquals(counter._http, http) ? counter : null;

    /// <summary>
    /// Counts <paramref name="request"/>'s bodies from now on, into its <see cref="ProxyRequest.RequestBodyBytes"/> and
    /// <see cref="ProxyRequest.ResponseBodyBytes"/> (set to 0 here); false when it has no response body feature to count.
    /// </summary>
    public bool Bind(ProxyRequest request)
    {
        var http = request.Http;
        if (http.Features.Get<IHttpResponseBodyFeature>() is not { } inner)
        {
            return false;
        }

        _owner = request;
        _http = http;
        _inner = inner;
        request.RequestBodyBytes = request.ResponseBodyBytes = 0;

        // The feature first: setting it bumps the collection's revision, after which the context fetches every feature
        // again on its next access; done before the request body is touched, the request feature is fetched only once.
        http.Features.Set<IHttpResponseBodyFeature>(this);
        if (CanHaveBody(http.Features))
        {
            _innerRequestBody = http.Request.Body;
            http.Request.Body = _request;
        }

        return true;
    }

    /// <summary>
    /// False only when the server says the request body can return no data (Kestrel: an HTTP/1.x request with neither a
    /// non-zero Content-Length nor chunked framing, an HTTP/1.x upgrade, an HTTP/2 request whose headers ended the
    /// stream), so counting it would add 0: most forwarded requests (GETs) keep their own body stream, and nothing is
    /// swapped or restored for it. A context without the feature (a bare DefaultHttpContext) has its body counted.
    /// </summary>
    private static bool CanHaveBody(IFeatureCollection features) =>
        features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false };

    /// <summary>
    /// Puts the request's own response body feature back, and its body stream where it was counted and nothing replaced
    /// it since. Call it only while this counter is the request's response body feature (the caller has just looked).
    /// </summary>
    public void Unbind()
    {
        if (_http is { } http)
        {
            // The request body first: setting a feature bumps the collection's revision, after which the context
            // fetches every feature again on its next access.
            if (_innerRequestBody is { } body && ReferenceEquals(http.Request.Body, _request))
            {
                http.Request.Body = body;
            }

            http.Features.Set(_inner);
        }

        _owner = null;
        _http = null;
        _inner = null;
        _innerRequestBody = null;
    }

    public Stream Stream => _response;

    public PipeWriter Writer => _writer;

    public void DisableBuffering() => Inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        Owner.ResponseBodyBytes += count ?? Math.Max(0, new FileInfo(path).Length - offset);
        return Inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => Inner.CompleteAsync();

    /// <summary>The client's request body, counted as it is read.</summary>
    private sealed class RequestStream(BodyCounter counter) : ReadOnlyPassThroughStream
    {
        protected override Stream Inner => counter._innerRequestBody ?? Null;

        public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

        public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            if (counter._owner is { } owner) // unbound: the read went to Stream.Null (0 bytes)
            {
                owner.RequestBodyBytes += read;
            }

            return read;
        }
    }

    /// <summary>The response body as a stream: counted, then written to the request's own response stream.</summary>
    private sealed class ResponseStream(BodyCounter counter) : WriteOnlyPassThroughStream
    {
        public BodyCounter Counter => counter;

        protected override Stream Inner => counter.Inner.Stream;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            counter.Owner.ResponseBodyBytes += buffer.Length;
            Inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            counter.Owner.ResponseBodyBytes += buffer.Length;
            return Inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>The response body as a pipe: what is advanced or written is counted, then passed to the request's own writer.</summary>
    private sealed class ResponseWriter(BodyCounter counter) : PipeWriter
    {
        private PipeWriter Inner => counter.Inner.Writer;

        public override void Advance(int bytes)
        {
            counter.Owner.ResponseBodyBytes += bytes;
            Inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            counter.Owner.ResponseBodyBytes += source.Length;
            return Inner.WriteAsync(source, cancellationToken);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => Inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => Inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => Inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => Inner.UnflushedBytes;
    }
}
