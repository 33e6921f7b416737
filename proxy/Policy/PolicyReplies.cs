using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Policy;

/// <summary>A local answer with response headers (rate limits): the headers are set, then <see cref="LocalReply"/> answers
/// (it keeps headers set before it).</summary>
internal static class PolicyReplies
{
    public static ValueTask<StepResult> SendAsync(
        ProxyRequest request, int status, string text, ResponseFlags flags, string details, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (!request.Http.Response.HasStarted)
        {
            foreach (var (name, value) in headers)
            {
                request.Http.Response.Headers[name] = value;
            }
        }

        return LocalReply.SendAsync(request, status, text, flags, details);
    }
}
