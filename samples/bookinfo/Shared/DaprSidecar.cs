namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>
/// Whether a Dapr sidecar serves this process: the variables <c>dapr run</c>, daprd's injector and GatewayMesh's sidecar
/// set (<c>DAPR_GRPC_PORT</c> or <c>DAPR_GRPC_ENDPOINT</c>), the same ones the SDK's <c>DaprClient</c> reads.
/// </summary>
public static class DaprSidecar
{
    public const string StateStore = "statestore";
    public const string PubSub = "pubsub";
    public const string ReviewViewedTopic = "review-viewed";

    public static bool IsPresent() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DAPR_GRPC_PORT")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DAPR_GRPC_ENDPOINT"));
}
