using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Policy;

/// <summary>A local answer with response headers (rate limits): the headers are added once the answer has started, as
/// <see cref="LocalReplies.TryStart"/> clears what was set before.</summary>
internal static class PolicyReplies
{
    public static async ValueTask<StepResult> SendAsync(
        ProxyRequest request, int status, string text, ResponseFlags flags, string details, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        request.Flags |= flags;
        request.ResponseCodeDetails ??= details;
        var http = request.Http;
        if (LocalReplies.TryStart(http, status))
        {
            foreach (var (name, value) in headers)
            {
                http.Response.Headers[name] = value;
            }

            await LocalReplies.WriteBodyAsync(http, text).ConfigureAwait(false);
        }

        return StepResult.Stop;
    }
}
