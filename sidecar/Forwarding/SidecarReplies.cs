using System.Net.Sockets;
using System.Text;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Sidecar.Forwarding;

/// <summary>
/// The sidecar's own short answers (one text line), matching the proxy engine's: a connect failure is 503
/// "upstream connect error", a timeout 504, any other upstream failure 502 "upstream request failed".
/// </summary>
internal static class SidecarReplies
{
    public const string ConnectError = "upstream connect error";
    public const string NotInRegistry = "destination not in the mesh registry";

    /// <summary>Answers a failed forward, unless the client itself went away.</summary>
    public static Task WriteForwardErrorAsync(HttpContext context, ForwarderError error, Exception? exception) =>
        error switch
        {
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled => Task.CompletedTask,
            ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.RequestTimedOut when IsConnectFailure(exception) =>
                WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ConnectError),
            ForwarderError.RequestTimedOut => WriteAsync(context, StatusCodes.Status504GatewayTimeout, "upstream request timeout"),
            _ => WriteAsync(context, StatusCodes.Status502BadGateway, "upstream request failed"),
        };

    /// <summary>Writes the answer unless the response has already started (then the connection is ended).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(message + "\n"), context.RequestAborted);
        }
    }

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException
                or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }
}
