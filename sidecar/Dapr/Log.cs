namespace GatewayMesh.Sidecar.Dapr;

/// <summary>Log messages of the Dapr API on the sidecar. EventIds 7000-7499 belong to it.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Dapr API for app {AppId}: HTTP {Http}, gRPC {Grpc}")]
    public static partial void Listening(ILogger logger, string appId, string http, string grpc);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Dapr component {Name} ({Type}) loaded from {Source}")]
    public static partial void ComponentLoaded(ILogger logger, string name, string type, string source);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Dapr component {Name} could not be loaded: {Reason}")]
    public static partial void ComponentFailed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Dapr resource file {File} was skipped: {Reason}")]
    public static partial void ResourceFileSkipped(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Subscribed app {AppId} to topic {Topic} of pubsub {PubSub} (consumer group {Group})")]
    public static partial void Subscribed(ILogger logger, string appId, string topic, string pubSub, string group);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Delivery of message {MessageId} on topic {Topic} failed ({Outcome}); it stays pending for redelivery")]
    public static partial void DeliveryRetry(ILogger logger, string messageId, string topic, string outcome);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Message {MessageId} on topic {Topic} dropped: {Reason}")]
    public static partial void DeliveryDropped(ILogger logger, string messageId, string topic, string reason);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Message {MessageId} on topic {Topic} moved to dead-letter topic {DeadLetterTopic} after {Deliveries} deliveries")]
    public static partial void DeadLettered(ILogger logger, string messageId, string topic, string deadLetterTopic, long deliveries);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "Reading topic {Topic} failed; retrying")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Warning, Message = "The app's subscription list (GET /dapr/subscribe) could not be read: {Reason}")]
    public static partial void SubscribeListFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Warning, Message = "Routing rule {Match} of topic {Topic} is not valid CEL and never matches: {Reason}")]
    public static partial void RuleInvalid(ILogger logger, string match, string topic, string reason);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning, Message = "Configuration subscription {Id} on store {Store} ended: {Reason}")]
    public static partial void ConfigurationSubscriptionEnded(ILogger logger, string id, string store, string reason);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Dapr API call refused: wrong or missing dapr-api-token")]
    public static partial void TokenRefused(ILogger logger);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Warning, Message = "Dapr API {Call} failed: {ErrorCode} {Message}")]
    public static partial void CallFailed(ILogger logger, Exception? exception, string call, string errorCode, string message);
}
