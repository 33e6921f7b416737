using GatewayMesh.Sidecar.Dapr.Components;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// <c>pubsub.redis</c> settings with daprd's defaults: <c>consumerID</c> (the app id: the consumer group),
/// <c>maxLenApprox</c> (streams trimmed with <c>MAXLEN ~</c>; 0 keeps everything), <c>processingTimeout</c> (60 s: how long a
/// delivered message may stay unacknowledged before it is redelivered; 0 turns redelivery off), <c>redeliverInterval</c>
/// (60 s: how often pending messages are checked), <c>queueDepth</c> (100: messages per read), <c>concurrency</c>
/// (10 deliveries at once), and GatewayMesh's <c>maxDeliveries</c> (3: deliveries before a message goes to a
/// subscription's dead-letter topic).
/// </summary>
public sealed record PubSubSettings(
    string ConsumerId,
    int MaxLenApprox,
    TimeSpan ProcessingTimeout,
    TimeSpan RedeliverInterval,
    int QueueDepth,
    int Concurrency,
    int MaxDeliveries)
{
    public static PubSubSettings From(ComponentMetadata metadata, string appId) => new(
        metadata.Get("consumerID") ?? appId,
        metadata.GetInt("maxLenApprox", 0),
        metadata.GetDuration("processingTimeout", TimeSpan.FromSeconds(60)),
        metadata.GetDuration("redeliverInterval", TimeSpan.FromSeconds(60)),
        Math.Max(1, metadata.GetInt("queueDepth", 100)),
        Math.Max(1, metadata.GetInt("concurrency", 10)),
        Math.Max(1, metadata.GetInt("maxDeliveries", 3)));

    public bool RedeliveryEnabled => ProcessingTimeout > TimeSpan.Zero && RedeliverInterval > TimeSpan.Zero;
}
