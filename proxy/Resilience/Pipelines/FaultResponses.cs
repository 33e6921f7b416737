using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>The answer an injected abort gives in place of the upstream's.</summary>
internal static class FaultResponses
{
    public const string Body = "fault injected: abort";

    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };

    public static HttpResponseMessage Abort(AbortFault abort, HttpRequestMessage? request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)abort.HttpStatus) { RequestMessage = request };
        if (abort.GrpcStatus is { } grpc)
        {
            // A trailers-only gRPC answer: the status travels in the headers, there is no body.
            response.Content = new ByteArrayContent([]);
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            response.Headers.TryAddWithoutValidation("grpc-status", grpc.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("grpc-message", Body);
            return response;
        }

        response.Content = new StringContent(Body + "\n");
        response.Content.Headers.ContentType = TextPlain;
        return response;
    }
}
