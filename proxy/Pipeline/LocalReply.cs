using GatewayMesh.Proxy.Forwarding;
using Microsoft.Net.Http.Headers;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>A step answering the request itself: status, a one-line text body, the flags and detail that say why.</summary>
public static class LocalReply
{
    /// <summary>
    /// Writes the answer, records <paramref name="flags"/> and <paramref name="details"/>, and returns <see cref="StepResult.Stop"/>.
    /// Response headers a step set before (a challenge, rate-limit headers) are kept: nothing was forwarded yet, so
    /// there is nothing of an upstream's to clear. When the response has already started the connection is aborted.
    /// </summary>
    public static async ValueTask<StepResult> SendAsync(ProxyRequest request, int status, string text, ResponseFlags flags = ResponseFlags.None, string? details = null)
    {
        request.Flags |= flags;
        request.ResponseCodeDetails ??= details;
        var http = request.Http;
        if (http.Response.HasStarted)
        {
            http.Abort();
            return StepResult.Stop;
        }

        http.Response.StatusCode = status;
        http.Response.Headers.Remove(HeaderNames.ContentLength);
        http.Response.ContentType = "text/plain; charset=utf-8";
        await LocalReplies.WriteBodyAsync(http, text).ConfigureAwait(false);
        return StepResult.Stop;
    }
}
