using System.Collections.Concurrent;
using System.Threading.Channels;
using GatewayMesh.Sidecar.Dapr.Errors;
using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.Configuration;

/// <summary>
/// Dapr's <c>configuration.redis</c>: each item is a plain Redis string <c>value||version</c> under its own key. Get reads
/// the keys (all string keys when none are named, by <c>SCAN</c>); subscribe listens to the keys' keyspace notifications
/// (<c>__keyspace@&lt;db&gt;__:&lt;key&gt;</c>, so Redis needs <c>notify-keyspace-events</c> with <c>K</c> and the
/// string/generic classes) and sends each changed item's new value; a deleted key is sent with an empty value.
/// </summary>
public sealed class RedisConfigurationStore(string name, int database, Func<Task<IConnectionMultiplexer>> connection)
{
    public const int MaxAllKeys = 1000;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _subscriptions = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>Raised once a subscription's keyspace channels are subscribed, before its first message is sent.</summary>
    public event Action<string>? Subscribed;

    public async Task<IReadOnlyDictionary<string, ConfigurationValue>> GetAsync(IReadOnlyList<string> keys)
    {
        try
        {
            var multiplexer = await connection();
            var db = multiplexer.GetDatabase(database);
            var names = keys.Count > 0 ? keys : await AllStringKeysAsync(db);
            var values = await db.StringGetAsync([.. names.Select(k => (RedisKey)k)]);
            var items = new Dictionary<string, ConfigurationValue>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                if (!values[i].IsNullOrEmpty)
                {
                    items[names[i]] = ConfigurationValue.Parse(values[i]!);
                }
            }

            return items;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw DaprErrors.Configuration("ERR_CONFIGURATION_GET", Name, new InvalidOperationException("a requested key is not a string"));
        }
        catch (RedisException ex)
        {
            throw DaprErrors.Configuration("ERR_CONFIGURATION_GET", Name, ex);
        }
    }

    /// <summary>Starts a subscription; its updates arrive on the returned reader until <see cref="Unsubscribe"/> or cancellation.</summary>
    public async Task<(string Id, ChannelReader<IReadOnlyDictionary<string, ConfigurationValue>> Updates)> SubscribeAsync(
        IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _subscriptions[id] = stop;
        var updates = Channel.CreateBounded<IReadOnlyDictionary<string, ConfigurationValue>>(
            new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        var multiplexer = await connection();
        var subscriber = multiplexer.GetSubscriber();
        var prefix = $"__keyspace@{database}__:";
        var channel = keys.Count == 0 ? RedisChannel.Pattern(prefix + "*") : default;
        ChannelMessageQueue[] queues;
        try
        {
            queues = keys.Count == 0
                ? [await subscriber.SubscribeAsync(channel)]
                : await Task.WhenAll(keys.Select(k => subscriber.SubscribeAsync(RedisChannel.Literal(prefix + k))));
        }
        catch (RedisException ex)
        {
            _subscriptions.TryRemove(id, out _);
            stop.Dispose();
            throw DaprErrors.Configuration("ERR_CONFIGURATION_SUBSCRIBE", Name, ex);
        }

        foreach (var queue in queues)
        {
            queue.OnMessage(async message =>
            {
                var key = ((string)message.Channel!)[prefix.Length..];
                var current = await GetAsync([key]);
                var item = current.TryGetValue(key, out var value) ? value : new ConfigurationValue("", "");
                updates.Writer.TryWrite(new Dictionary<string, ConfigurationValue> { [key] = item });
            });
        }

        Subscribed?.Invoke(id);
        stop.Token.Register(() =>
        {
            foreach (var queue in queues)
            {
                _ = queue.UnsubscribeAsync();
            }

            updates.Writer.TryComplete();
            _subscriptions.TryRemove(id, out _);
        });
        return (id, updates.Reader);
    }

    public bool Unsubscribe(string id)
    {
        if (!_subscriptions.TryRemove(id, out var stop))
        {
            return false;
        }

        stop.Cancel();
        stop.Dispose();
        return true;
    }

    private static async Task<IReadOnlyList<string>> AllStringKeysAsync(IDatabase db)
    {
        var keys = new List<string>();
        long cursor = 0;
        do
        {
            var reply = (RedisResult[])(await db.ExecuteAsync("SCAN", cursor, "COUNT", 100, "TYPE", "string"))!;
            cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
            keys.AddRange(((RedisResult[])reply[1]!).Select(k => (string)k!));
        }
        while (cursor != 0 && keys.Count < MaxAllKeys);
        return keys.Count > MaxAllKeys ? keys[..MaxAllKeys] : keys;
    }
}
