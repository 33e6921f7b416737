using System.Net;
using System.Net.Sockets;
using Polly.Timeout;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>Why an upstream attempt produced no response.</summary>
public enum AttemptFailure
{
    /// <summary>Not a failure of the upstream: the caller cancelled, or something unexpected.</summary>
    Other,

    /// <summary>The connection could not be opened; the upstream never saw the request (nor any of its body).</summary>
    ConnectFailure,

    /// <summary>HTTP/2 REFUSED_STREAM: the upstream did not process the request.</summary>
    RefusedStream,

    /// <summary>The connection failed or was reset after the request may have been sent.</summary>
    Reset,

    /// <summary>The route's <c>perTryTimeout</c> passed; the attempt was cancelled.</summary>
    PerTryTimeout,
}

/// <summary>Sorts an attempt's exception into an <see cref="AttemptFailure"/>.</summary>
public static class AttemptFailures
{
    private const long RefusedStreamErrorCode = 0x7;

    public static AttemptFailure Classify(Exception exception)
    {
        if (exception is TimeoutRejectedException)
        {
            return AttemptFailure.PerTryTimeout;
        }

        if (exception is OperationCanceledException)
        {
            return AttemptFailure.Other;
        }

        var reset = false;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }:
                case SocketException:
                    return AttemptFailure.ConnectFailure;
                case HttpProtocolException { ErrorCode: RefusedStreamErrorCode }:
                    return AttemptFailure.RefusedStream;
                case HttpRequestException or HttpIOException or IOException:
                    reset = true;
                    break;
            }
        }

        return reset ? AttemptFailure.Reset : AttemptFailure.Other;
    }

    /// <summary>The short reason used in logs and metric tags.</summary>
    public static string Name(AttemptFailure failure) => failure switch
    {
        AttemptFailure.ConnectFailure => "connect-failure",
        AttemptFailure.RefusedStream => "refused-stream",
        AttemptFailure.Reset => "reset",
        AttemptFailure.PerTryTimeout => "per-try-timeout",
        _ => "error",
    };

    internal static string StatusName(HttpStatusCode status) => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
