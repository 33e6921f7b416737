using System.Diagnostics;
using StackExchange.Redis;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A real Sentinel deployment on loopback: a primary, one replica, and three <c>redis-sentinel</c>s (quorum 2, 1 s
/// failure detection) watching the service <see cref="ServiceName"/>. Ready once every Sentinel knows the replica and
/// its two peers, so a failover can happen. Everything is killed on dispose.
/// </summary>
public sealed class RedisSentinelSet : IAsyncDisposable
{
    public const string ServiceName = "gatewaymesh";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly List<RedisServer> _sentinels = [];

    private RedisSentinelSet(RedisServer primary, RedisServer replica)
    {
        Primary = primary;
        Replica = replica;
    }

    public RedisServer Primary { get; }

    public RedisServer Replica { get; }

    public IReadOnlyList<RedisServer> Sentinels => _sentinels;

    /// <summary>The connection string a component uses: the Sentinels and the service name.</summary>
    public string ConnectionString => string.Join(',', _sentinels.Select(s => s.ConnectionString)) + $",serviceName={ServiceName}";

    public static async Task<RedisSentinelSet> StartAsync()
    {
        var primary = await RedisServer.StartAsync();
        var set = new RedisSentinelSet(primary, await RedisServer.StartAsync(["--replicaof", "127.0.0.1", primary.Port.ToString()]));
        try
        {
            for (var i = 0; i < 3; i++)
            {
                set._sentinels.Add(await RedisServer.StartSentinelAsync(ServiceName, primary.Port, quorum: 2));
            }

            await set.WaitUntilReadyForFailoverAsync();
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Subscribes to <c>+switch-master</c> on every Sentinel before a fault is injected; the returned watch completes
    /// when the first of them announces the new primary (the event a client of the set follows).
    /// </summary>
    public async Task<FailoverWatch> WatchFailoverAsync()
    {
        var watch = new FailoverWatch();
        try
        {
            foreach (var sentinel in _sentinels)
            {
                var connection = await ConnectToSentinelAsync(sentinel);
                watch.Connections.Add(connection);
                await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal("+switch-master"), (_, message) => watch.Switched.TrySetResult(message.ToString()));
            }

            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Returns when the replica has every write the primary took so far, so a failover keeps them (Redis replicates
    /// asynchronously). A write on this connection first: WAIT counts the acknowledgements of this connection's own
    /// last write, and the replication stream is ordered, so its acknowledgement covers every earlier write.
    /// </summary>
    public async Task WaitForReplicaAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Primary.ConnectionString);
        var database = admin.GetDatabase();
        await database.StringIncrementAsync("gatewaymesh-test:replication-marker");
        var acknowledged = (long)await database.ExecuteAsync("WAIT", "1", "10000");
        if (acknowledged != 1)
        {
            throw new TimeoutException($"the replica did not acknowledge the primary's writes within 10 s ({acknowledged} replicas did)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _sentinels.Append(Replica).Append(Primary))
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until every Sentinel knows the replica and the two other Sentinels, woken by the events a Sentinel
    /// publishes when it discovers them (<c>+slave</c>, <c>+sentinel</c>); subscribed before the first check, so a
    /// discovery between the check and the wait is never missed.
    /// </summary>
    private async Task WaitUntilReadyForFailoverAsync()
    {
        var waited = Stopwatch.StartNew();
        foreach (var sentinel in _sentinels)
        {
            using var discovered = new SemaphoreSlim(0); // disposed after the connection, so no callback outlives it
            await using var connection = await ConnectToSentinelAsync(sentinel);
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            foreach (var channel in new[] { "+slave", "+sentinel" })
            {
                await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel), (_, _) => discovered.Release());
            }

            while ((await server.SentinelReplicasAsync(ServiceName)).Length < 1 || (await server.SentinelSentinelsAsync(ServiceName)).Length < 2)
            {
                var left = Deadline - waited.Elapsed;
                if (!await discovered.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                {
                    throw new TimeoutException($"the Sentinels did not find the replica and each other within {Deadline.TotalSeconds} s:\n{sentinel.Output}");
                }
            }
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectToSentinelAsync(RedisServer sentinel) =>
        await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { sentinel.ConnectionString },
            CommandMap = CommandMap.Sentinel,
            AllowAdmin = true,
            AbortOnConnectFail = true,
        });

    /// <summary>A <c>+switch-master</c> subscription on every Sentinel; <see cref="Switched"/> carries the first announcement.</summary>
    public sealed class FailoverWatch : IAsyncDisposable
    {
        internal List<ConnectionMultiplexer> Connections { get; } = [];

        /// <summary>"&lt;service&gt; &lt;old ip&gt; &lt;old port&gt; &lt;new ip&gt; &lt;new port&gt;", as Sentinel publishes it.</summary>
        public TaskCompletionSource<string> Switched { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in Connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
