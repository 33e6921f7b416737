namespace GatewayMesh.Core.Config.Model.Dapr;

/// <summary>The component types GatewayMesh's sidecar implements, and the metadata names whose values are credentials.</summary>
public static class DaprComponentTypes
{
    public const string StateRedis = "state.redis";
    public const string PubSubRedis = "pubsub.redis";
    public const string ConfigurationRedis = "configuration.redis";

    public static IReadOnlyList<string> Supported { get; } = [StateRedis, PubSubRedis, ConfigurationRedis];

    /// <summary>Metadata that must come from a <c>secretKeyRef</c> when the component is stored in the mesh.</summary>
    public static IReadOnlyList<string> CredentialFields { get; } = ["redisPassword", "sentinelPassword", "clientKey", "redisUsername"];

    /// <summary>Metadata read as booleans, integers and durations (Go syntax: <c>60s</c>, <c>500ms</c>, <c>0</c>).</summary>
    public static IReadOnlyList<string> BooleanFields { get; } = ["enableTLS", "failover", "actorStateStore", "insecureSkipTLSVerify"];

    public static IReadOnlyList<string> IntegerFields { get; } = ["maxLenApprox", "queueDepth", "concurrency", "ttlInSeconds", "redisDB", "maxRetries", "poolSize"];

    public static IReadOnlyList<string> DurationFields { get; } = ["processingTimeout", "redeliverInterval", "redisReadTimeout", "redisWriteTimeout", "dialTimeout", "streamTTL"];
}
