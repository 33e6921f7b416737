namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// <c>pubsub.redis</c> settings with daprd's defaults: <c>consumerID</c> (the app id: the consumer group),
/// <c>maxLenApprox</c> (streams trimmed with <c>MAXLEN ~</c>; 0 keeps everything), <c>processingTimeout</c> (60 s: how long a
/// delivered message may stay unacknowledged before it is redelivered; 0 turns redelivery off), <c>redeliverInterval</c>
/// (60 s: how often pending messages are checked), <c>queueDepth</c> (100: messages per read), <c>concurrency</c>
/// (10 deliveries at once), and GatewayMesh's <c>maxDeliveries</c> (3: deliveries before a message goes to a
/// subscription's dead-letter topic). Read from a component's metadata by <c>Components/ComponentMetadataReaders</c>.
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
    public bool RedeliveryEnabled => ProcessingTimeout > TimeSpan.Zero && RedeliverInterval > TimeSpan.Zero;
}
