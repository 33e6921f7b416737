using GatewayMesh.Proxy.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>Reads a YARP forward's result as an <see cref="AttemptOutcome"/>, or null when the client, not the endpoint, ended it.</summary>
public static class ForwarderOutcomes
{
    public static AttemptOutcome? From(ForwarderError error, Exception? exception, int responseStatus) => error switch
    {
        ForwarderError.None => AttemptOutcome.Response(responseStatus),
        _ when ForwarderErrors.IsConnectFailure(exception) => AttemptOutcome.ConnectFailure,
        ForwarderError.RequestTimedOut => AttemptOutcome.Timeout,
        ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeResponseDestination => AttemptOutcome.Reset,
        _ => null, // cancelled by the client or failed on the client's side
    };
}
