using Microsoft.Extensions.Logging;

namespace GatewayMesh.Core.Blocks;

/// <summary>Log messages of the building blocks. EventIds 2100-2199 belong to this area.</summary>
internal static partial class BlocksLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "A subscriber of topic {Topic} failed to handle a message; the message is dropped")]
    public static partial void SubscriberFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "A subscriber of topic {Topic} failed in its resubscribed callback")]
    public static partial void ResubscribedCallbackFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Connecting to Redis at {Endpoints} as user {User}, key prefix {KeyPrefix}")]
    public static partial void RedisConnecting(ILogger logger, string endpoints, string user, string keyPrefix);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Redis {ConnectionType} connection to {Endpoint} failed: {FailureType}")]
    public static partial void RedisConnectionFailed(ILogger logger, StackExchange.Redis.ConnectionType connectionType, System.Net.EndPoint? endpoint, StackExchange.Redis.ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Redis {ConnectionType} connection to {Endpoint} restored")]
    public static partial void RedisConnectionRestored(ILogger logger, StackExchange.Redis.ConnectionType connectionType, System.Net.EndPoint? endpoint);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Information, Message = "Resubscribed {Count} subscription(s) after the Redis connection was restored")]
    public static partial void RedisResubscribed(ILogger logger, int count);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Debug, Message = "Config {Key} {Outcome} at revision {Revision}")]
    public static partial void ConfigPut(ILogger logger, string key, ConfigStore.ConfigPutOutcome outcome, long revision);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Debug, Message = "Config {Key} deleted at revision {Revision}")]
    public static partial void ConfigDeleted(ILogger logger, string key, long revision);

    [LoggerMessage(EventId = 2130, Level = LogLevel.Debug, Message = "Instance {Key} registered at revision {Revision}, lease until {ExpiresAt:O}")]
    public static partial void InstanceRegistered(ILogger logger, string key, long revision, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2131, Level = LogLevel.Debug, Message = "Instance {Key} deregistered at revision {Revision}")]
    public static partial void InstanceDeregistered(ILogger logger, string key, long revision);

    [LoggerMessage(EventId = 2132, Level = LogLevel.Information, Message = "Removed {Count} instance(s) whose lease ended")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Moved {Count} Redis key(s) from the layout before hash tags ({Prefix}*) to {Tag}*; proxies of an older version keep their last snapshot until upgraded")]
    public static partial void LayoutMigrated(ILogger logger, long count, string prefix, string tag);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Information, Message = "Redis topology changed (at {Endpoint}); subscriptions bind again")]
    public static partial void RedisTopologyChanged(ILogger logger, System.Net.EndPoint? endpoint);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Debug, Message = "Subscription {Topic} rebinding, attempt {Attempt}: the channel's owner is {Owner}, subscribed at {Subscribed}, connected {Connected}")]
    public static partial void RebindAttempt(ILogger logger, string topic, int attempt, System.Net.EndPoint? owner, System.Net.EndPoint? subscribed, bool connected);
}
