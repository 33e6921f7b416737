using GatewayMesh.Proxy.Forwarding;
using Microsoft.AspNetCore.Http;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>The response flag of a failed forward, by the same rules that choose its answer (<see cref="ForwarderErrors"/>).</summary>
public static class ForwarderFlags
{
    public static ResponseFlags Of(ForwarderError error, Exception? exception)
    {
        if (error is ForwarderError.None)
        {
            return ResponseFlags.None;
        }

        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient)
        {
            return ResponseFlags.DownstreamConnectionTermination;
        }

        return ForwarderErrors.Map(error, exception).Status switch
        {
            StatusCodes.Status503ServiceUnavailable => ResponseFlags.UpstreamConnectionFailure,
            StatusCodes.Status504GatewayTimeout when exception is TimeoutRejectedException => ResponseFlags.UpstreamRequestTimeout,
            StatusCodes.Status504GatewayTimeout => ResponseFlags.StreamIdleTimeout,
            _ => ResponseFlags.UpstreamConnectionTermination,
        };
    }
}
