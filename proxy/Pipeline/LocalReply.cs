using GatewayMesh.Proxy.Forwarding;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>A step answering the request itself: status, a one-line text body, the flags and detail that say why.</summary>
public static class LocalReply
{
    /// <summary>Writes the answer, records <paramref name="flags"/> and <paramref name="details"/>, and returns <see cref="StepResult.Stop"/>.</summary>
    public static async ValueTask<StepResult> SendAsync(ProxyRequest request, int status, string text, ResponseFlags flags = ResponseFlags.None, string? details = null)
    {
        request.Flags |= flags;
        request.ResponseCodeDetails ??= details;
        await LocalReplies.WriteAsync(request.Http, status, text).ConfigureAwait(false);
        return StepResult.Stop;
    }
}
