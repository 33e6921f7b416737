using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Redis;

namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>
/// What daprd's metadata names mean for each kind of component: a component's resolved metadata read into the settings
/// its implementation takes, with daprd's defaults. The implementations (PubSub/, State/, Redis/) never see metadata.
/// </summary>
internal static class ComponentMetadataReaders
{
    /// <summary><c>redisHost</c> (host:port, required), <c>redisUsername</c>, <c>redisPassword</c>, <c>enableTLS</c>, <c>redisDB</c>.</summary>
    public static RedisSettings ReadRedis(ComponentMetadata metadata) => new(
        metadata.Get("redisHost") ?? throw new InvalidOperationException("redisHost is required"),
        metadata.Get("redisUsername"),
        metadata.Get("redisPassword"),
        metadata.GetBool("enableTLS", false),
        metadata.GetInt("redisDB", 0));

    /// <summary><c>pubsub.redis</c>: see <see cref="PubSubSettings"/> for each name and its default.</summary>
    public static PubSubSettings ReadPubSub(ComponentMetadata metadata, string appId) => new(
        metadata.Get("consumerID") ?? appId,
        metadata.GetInt("maxLenApprox", 0),
        metadata.GetDuration("processingTimeout", TimeSpan.FromSeconds(60)),
        metadata.GetDuration("redeliverInterval", TimeSpan.FromSeconds(60)),
        Math.Max(1, metadata.GetInt("queueDepth", 100)),
        Math.Max(1, metadata.GetInt("concurrency", 10)),
        Math.Max(1, metadata.GetInt("maxDeliveries", 3)));
}
