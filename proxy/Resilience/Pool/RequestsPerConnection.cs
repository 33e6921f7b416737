using System.Net.Http.Headers;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// <c>connectionPool.http.maxRequestsPerConnection</c> on an upstream client: an HTTP/1.1 connection carries at most N
/// requests. The N-th request on a connection goes out with <c>Connection: close</c>, so the upstream closes the
/// connection after answering it (RFC 9112 §9.6) and the client opens a new one for the next request.
/// <para>
/// SocketsHttpHandler picks the connection inside its pool, after any handler has run, so the count lives on the
/// connection: <see cref="RequestCountingStream"/> wraps each HTTP/1.x connection (the plaintext stream, so mTLS
/// connections count too) and tells one request from the next by the mark <see cref="MarkingHandler"/> puts on the
/// request's flow. N = 1 needs no count: every request asks for the close.
/// </para>
/// <para>HTTP/2 connections are not counted: they carry many requests at once (Envoy counts their streams; we do not).</para>
/// </summary>
public static class RequestsPerConnection
{
    private static readonly AsyncLocal<RequestMark?> s_sending = new();

    /// <summary>The request being sent on the current flow; null outside a limited client's send.</summary>
    internal static RequestMark? Sending => s_sending.Value;

    /// <summary>
    /// Limits <paramref name="handler"/>'s connections to <paramref name="limit"/> requests each and returns the handler
    /// to send with; with a limit of 0 (unlimited) it returns <paramref name="handler"/> unchanged.
    /// </summary>
    public static HttpMessageHandler Limit(SocketsHttpHandler handler, int limit)
    {
        switch (limit)
        {
            case <= 0:
                return handler;
            case 1:
                return new ConnectionCloseHandler(handler);
            default:
                handler.PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(
                    context.NegotiatedHttpVersion.Major == 1
                        ? new RequestCountingStream(context.PlaintextStream, limit)
                        : context.PlaintextStream);
                return new MarkingHandler(handler);
        }
    }

    /// <summary>One send of one request: what <see cref="RequestCountingStream"/> compares to see a new request.</summary>
    internal sealed class RequestMark;

    /// <summary>maxRequestsPerConnection 1: asks the upstream to close the connection after each request.</summary>
    private sealed class ConnectionCloseHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.ConnectionClose = true;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the flow of each send, so the connection's stream sees which request writes. A request that carries its
    /// own <c>Connection</c> header (an upgrade) is not marked: its connection is never reused, and a second
    /// <c>Connection</c> header would break the upgrade.
    /// </summary>
    private sealed class MarkingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The value is restored when this method returns, so only this send's writes see the mark.
            s_sending.Value = HasOwnConnectionHeader(request.Headers) ? null : new RequestMark();
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private static bool HasOwnConnectionHeader(HttpRequestHeaders headers) =>
            headers.ConnectionClose == true || headers.Contains("Connection") || headers.Contains("Upgrade");
    }
}
