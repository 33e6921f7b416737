using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// Maps a YARP <see cref="ForwarderError"/> to the client's answer: a failure to reach the upstream at all
/// (refused or timed-out connect, failed TLS handshake) is 503 "upstream connect error"; the route's timeout or the last per-try timeout
/// (Polly's <see cref="TimeoutRejectedException"/>) is 504 "upstream request timeout"; anything else is 502
/// "upstream request failed".
/// </summary>
public static class ForwarderErrors
{
    public static (int Status, string Message) Map(ForwarderError error, Exception? exception) =>
        error switch
        {
            _ when exception is TimeoutRejectedException => (StatusCodes.Status504GatewayTimeout, LocalReplies.Timeout),
            ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.RequestTimedOut when IsConnectFailure(exception) =>
                (StatusCodes.Status503ServiceUnavailable, LocalReplies.ConnectError),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, LocalReplies.Timeout),
            _ => (StatusCodes.Status502BadGateway, LocalReplies.RequestFailed),
        };

    /// <summary>
    /// The forward's outcome as the client saw it. When the destination answers before it has read the whole request
    /// body (a 403 or 413 to an upload, as HTTP allows), YARP copies that answer to the client and only then reports the
    /// request body's copy as failed: <see cref="ForwarderError.RequestBodyDestination"/> when the upstream stream was
    /// reset, <see cref="ForwarderError.RequestBodyClient"/> when the copy was cancelled while it waited on the client's
    /// body, <see cref="ForwarderError.RequestBodyCanceled"/>. The request was answered, so the outcome is
    /// <see cref="ForwarderError.None"/>; treated as a failure, the answer already sent was followed by an aborted
    /// connection, and the client's next request on that keep-alive connection failed with a reset. Kestrel then drains
    /// or closes the client's connection as for any request whose body the app did not read. (An answer with no body
    /// has not started the response when YARP returns, so it cannot be told from a send that failed and stays an error.)
    /// </summary>
    public static ForwarderError Outcome(ForwarderError error, HttpContext context) =>
        error is ForwarderError.RequestBodyDestination or ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled
        && context.Response.HasStarted
            ? ForwarderError.None
            : error;

    /// <summary>True when the request never reached the upstream: the connection could not be opened, or its mTLS handshake failed.</summary>
    public static bool IsConnectFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }

            if (current is SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
