using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Redis;
using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// Dapr's <c>pubsub.redis</c> on Redis Streams, in daprd's layout: the stream key is the topic; each entry has the field
/// <c>data</c> (the CloudEvent, or the raw payload) and, when the publish carried metadata, <c>metadata</c> (its JSON).
/// Publishing is <c>XADD topic MAXLEN ~ n * ...</c>; subscribers read as the consumer group <c>consumerID</c>
/// (<see cref="TopicReader"/>).
/// </summary>
public sealed class RedisStreamsPubSub(string name, PubSubSettings settings, RedisSettings redis, Func<Task<IDatabase>> database)
{
    public string Name { get; } = name;

    public PubSubSettings Settings { get; } = settings;

    /// <summary>The connection the blocking reader uses (a dedicated one: a blocking read would stall a shared one).</summary>
    public RedisSettings Redis { get; } = redis;

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? metadata)
    {
        var entries = metadata is { Count: > 0 }
            ? new NameValueEntry[] { new("data", data), new("metadata", DaprJson.Object(metadata).ToJsonString()) }
            : [new("data", data)];
        try
        {
            var db = await database();
            await db.StreamAddAsync(topic, entries, messageId: null,
                maxLength: Settings.MaxLenApprox > 0 ? Settings.MaxLenApprox : null, useApproximateMaxLength: Settings.MaxLenApprox > 0);
        }
        catch (RedisException ex)
        {
            throw DaprErrors.Publish(Name, topic, ex);
        }
    }

    public Task<IDatabase> DatabaseAsync() => database();
}
