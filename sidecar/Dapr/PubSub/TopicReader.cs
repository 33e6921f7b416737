using System.Globalization;
using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// Reads the subscribed topics of one <c>pubsub.redis</c> component as daprd does: consumer group = <c>consumerID</c>
/// (created at the stream's start with <c>XGROUP CREATE ... 0 MKSTREAM</c>), new messages with a blocking
/// <c>XREADGROUP ... &gt;</c> on a dedicated connection, and every <c>redeliverInterval</c> the pending messages idle for
/// at least <c>processingTimeout</c> are taken back with <c>XPENDING</c> + <c>XCLAIM</c> and delivered again. A message is
/// acknowledged (<c>XACK</c>) on success or drop; on retry it stays pending, and once it has been delivered
/// <c>maxDeliveries</c> times it moves to the subscription's dead-letter topic (then acknowledged). Without a dead-letter
/// topic it is redelivered until it succeeds: nothing is lost.
/// </summary>
public sealed class TopicReader : IAsyncDisposable
{
    private static readonly TimeSpan BlockTime = TimeSpan.FromSeconds(1);
    private readonly RedisStreamsPubSub _pubSub;
    private readonly IReadOnlyDictionary<string, TopicSubscription> _topics;
    private readonly MessageDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots;
    private readonly TaskCompletionSource _groupsReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionMultiplexer? _blocking;
    private Task _reading = Task.CompletedTask;
    private Task _reclaiming = Task.CompletedTask;

    public TopicReader(RedisStreamsPubSub pubSub, IReadOnlyList<TopicSubscription> topics, MessageDispatcher dispatcher, TimeProvider time, ILogger logger)
    {
        _pubSub = pubSub;
        _topics = topics.ToDictionary(t => t.Topic, StringComparer.Ordinal);
        _dispatcher = dispatcher;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(pubSub.Settings.Concurrency);
    }

    private string Group => _pubSub.Settings.ConsumerId;

    /// <summary>Completes once every topic's consumer group exists, so messages published from then on are delivered.</summary>
    public Task GroupsReady => _groupsReady.Task;

    public void Start(string clientName)
    {
        _reading = Task.Run(() => ReadLoopAsync(clientName));
        if (_pubSub.Settings.RedeliveryEnabled)
        {
            _reclaiming = Task.Run(ReclaimLoopAsync);
        }
    }

    private async Task ReadLoopAsync(string clientName)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                _blocking ??= await ConnectionMultiplexer.ConnectAsync(BlockingConfiguration(clientName));
                var db = _blocking.GetDatabase();
                await CreateGroupsAsync(db);
                _groupsReady.TrySetResult();
                while (!token.IsCancellationRequested)
                {
                    var batch = await ReadNewAsync(db);
                    await DeliverAllAsync(batch, token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // A reader never dies: whatever went wrong (connection, an unexpected reply), it logs, waits and reads again.
                Log.ReadFailed(_logger, ex, string.Join(",", _topics.Keys));
                await Delay(TimeSpan.FromSeconds(1), token);
            }
        }
    }

    private ConfigurationOptions BlockingConfiguration(string clientName)
    {
        var configuration = _pubSub.Redis.ToConfiguration(clientName);
        configuration.SyncTimeout = configuration.AsyncTimeout = (int)(BlockTime * 5).TotalMilliseconds;
        return configuration;
    }

    private async Task CreateGroupsAsync(IDatabase db)
    {
        foreach (var topic in _topics.Keys)
        {
            try
            {
                await db.StreamCreateConsumerGroupAsync(topic, Group, "0", createStream: true);
                Log.Subscribed(_logger, Group, topic, _pubSub.Name, Group);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                Log.Subscribed(_logger, Group, topic, _pubSub.Name, Group);
            }
        }
    }

    /// <summary><c>XREADGROUP GROUP g c COUNT n BLOCK ms STREAMS t1 t2 ... &gt; &gt; ...</c>, parsed to (topic, entry) pairs.</summary>
    private async Task<List<(string Topic, StreamEntry Entry, long Deliveries)>> ReadNewAsync(IDatabase db)
    {
        var args = new List<object>
        {
            "GROUP", Group, Group, "COUNT", _pubSub.Settings.QueueDepth, "BLOCK", (long)BlockTime.TotalMilliseconds, "STREAMS",
        };
        args.AddRange(_topics.Keys);
        args.AddRange(_topics.Keys.Select(_ => (object)">"));
        var result = await db.ExecuteAsync("XREADGROUP", args);
        var batch = new List<(string, StreamEntry, long)>();
        if (result.IsNull)
        {
            return batch;
        }

        // RESP2 answers [[topic, entries], ...]; RESP3 a map topic → entries, which the client flattens to [topic, entries, ...].
        var streams = (RedisResult[])result!;
        var pairs = result.Resp3Type == ResultType.Map
            ? Enumerable.Range(0, streams.Length / 2).Select(i => (streams[2 * i], streams[(2 * i) + 1]))
            : streams.Select(s => ((RedisResult[])s!) is var p ? (p[0], p[1]) : default);
        foreach (var (topicResult, entries) in pairs)
        {
            var topic = (string)topicResult!;
            foreach (var entry in (RedisResult[])entries!)
            {
                batch.Add((topic, ToEntry(entry), 1));
            }
        }

        return batch;
    }

    private static StreamEntry ToEntry(RedisResult entry)
    {
        var parts = (RedisResult[])entry!;
        var fields = parts[1].IsNull ? [] : (RedisResult[])parts[1]!;
        var values = new NameValueEntry[fields.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new NameValueEntry((string)fields[2 * i]!, (RedisValue)fields[(2 * i) + 1]);
        }

        return new StreamEntry((string)parts[0]!, values);
    }

    private async Task ReclaimLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Delay(_pubSub.Settings.RedeliverInterval, token);
                await ReclaimAsync(await _pubSub.DatabaseAsync(), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                Log.ReadFailed(_logger, ex, string.Join(",", _topics.Keys));
            }
        }
    }

    /// <summary>Pending messages idle for the processing timeout: <c>XPENDING t g IDLE ms - + n</c>, then <c>XCLAIM</c>.</summary>
    private async Task ReclaimAsync(IDatabase db, CancellationToken token)
    {
        var minIdle = (long)_pubSub.Settings.ProcessingTimeout.TotalMilliseconds;
        foreach (var topic in _topics.Keys)
        {
            var pending = await db.StreamPendingMessagesAsync(topic, Group, _pubSub.Settings.QueueDepth, RedisValue.Null);
            var due = pending.Where(p => p.IdleTimeInMilliseconds >= minIdle).ToArray();
            if (due.Length == 0)
            {
                continue;
            }

            var claimed = await db.StreamClaimAsync(topic, Group, Group, minIdle, [.. due.Select(p => p.MessageId)]);
            var deliveries = due.ToDictionary(p => (string)p.MessageId!, p => (long)p.DeliveryCount + 1);
            var batch = new List<(string, StreamEntry, long)>();
            foreach (var entry in claimed)
            {
                if (entry.IsNull)
                {
                    continue;
                }

                batch.Add((topic, entry, deliveries.GetValueOrDefault((string)entry.Id!, 1)));
            }

            var gone = deliveries.Keys.Except(claimed.Where(e => !e.IsNull).Select(e => (string)e.Id!)).ToArray();
            if (gone.Length > 0)
            {
                await db.StreamAcknowledgeAsync(topic, Group, [.. gone.Select(id => (RedisValue)id)]); // trimmed away: nothing left to deliver
            }

            await DeliverAllAsync(batch, token);
        }
    }

    private async Task DeliverAllAsync(List<(string Topic, StreamEntry Entry, long Deliveries)> batch, CancellationToken token)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var tasks = new List<Task>(batch.Count);
        foreach (var (topic, entry, deliveries) in batch)
        {
            await _slots.WaitAsync(token);
            tasks.Add(DeliverOneAsync(topic, entry, deliveries, token));
        }

        await Task.WhenAll(tasks);
    }

    private async Task DeliverOneAsync(string topic, StreamEntry entry, long deliveries, CancellationToken token)
    {
        try
        {
            var subscription = _topics[topic];
            var outcome = await _dispatcher.DispatchAsync(subscription, entry, _pubSub.Settings.ProcessingTimeout, token);
            var db = await _pubSub.DatabaseAsync();
            if (outcome == DeliveryOutcome.Retry)
            {
                if (subscription.DeadLetterTopic is { Length: > 0 } deadLetter && deliveries >= _pubSub.Settings.MaxDeliveries)
                {
                    // One MULTI/EXEC: the entry is in the dead-letter topic and acknowledged here at the same instant, never one without the other.
                    var move = db.CreateTransaction();
                    _ = move.StreamAddAsync(deadLetter, entry.Values, messageId: null,
                        maxLength: _pubSub.Settings.MaxLenApprox > 0 ? _pubSub.Settings.MaxLenApprox : null, useApproximateMaxLength: true);
                    _ = move.StreamAcknowledgeAsync(topic, Group, entry.Id);
                    await move.ExecuteAsync();
                    Log.DeadLettered(_logger, entry.Id.ToString(), topic, deadLetter, deliveries);
                }

                return; // stays pending: the reclaim loop delivers it again after the processing timeout
            }

            await db.StreamAcknowledgeAsync(topic, Group, entry.Id);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.ReadFailed(_logger, ex, topic); // not acknowledged: redelivered
        }
        finally
        {
            _slots.Release();
        }
    }

    private Task Delay(TimeSpan delay, CancellationToken token) => Task.Delay(delay, _time, token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_reading, _reclaiming).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or RedisException)
        {
            // stopping: a read in flight ends with the connection
        }
        catch (Exception ex)
        {
            Log.ReadFailed(_logger, ex, string.Join(",", _topics.Keys));
        }

        if (_blocking is not null)
        {
            await _blocking.DisposeAsync();
        }

        _stop.Dispose();
        _slots.Dispose();
    }

    internal static string Describe(long value) => value.ToString(CultureInfo.InvariantCulture);
}
