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
