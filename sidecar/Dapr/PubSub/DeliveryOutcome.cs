namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>What to do with a message after one delivery attempt, following daprd's rules for the app's answer.</summary>
public enum DeliveryOutcome
{
    /// <summary>2xx with no body, a non-JSON body, or <c>{"status":"SUCCESS"}</c>: acknowledged.</summary>
    Success,

    /// <summary><c>{"status":"RETRY"}</c>, any other status than 2xx/404, an unknown status or no answer: redelivered later.</summary>
    Retry,

    /// <summary><c>{"status":"DROP"}</c>, 404, or no route for the event: acknowledged and logged, not delivered again.</summary>
    Drop,
}
