using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The one Redis connection (multiplexer) that the Redis components of a process share. It connects lazily on first
/// use, and a failed attempt is retried on the next use; since AbortOnConnectFail is off, a process starts while Redis
/// is down. Raises <see cref="SubscriptionRestored"/> when the pub/sub connection comes back.
/// </summary>
public sealed class RedisMeshConnection : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private Task<ConnectionMultiplexer>? _connecting;
    private Task? _layout;
    private bool _disposed;

    public RedisMeshConnection(RedisMeshStateOptions options, ILogger<RedisMeshConnection>? logger = null)
    {
        Options = options;
        Keys = new RedisKeys(options.KeyPrefix);
        _logger = logger ?? NullLogger<RedisMeshConnection>.Instance;
    }

    /// <summary>Raised after the subscription connection is re-established (StackExchange.Redis has re-sent the SUBSCRIBEs by then).</summary>
    public event Action? SubscriptionRestored;

    /// <summary>
    /// Raised when the client learns that the servers changed roles or slots (a cluster or Sentinel failover): a
    /// subscription may now belong on another node, so subscribers bind again and resync.
    /// </summary>
    public event Action? TopologyChanged;

    public RedisMeshStateOptions Options { get; }

    public RedisKeys Keys { get; }

    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken = default)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            connecting = _connecting;
        }

        return await connecting.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The multiplexer, with a server connected when the notices' mode is decided from the servers
    /// (<see cref="RedisPubSubMode.Auto"/>): a first use that races the first connection (the connect returns once its
    /// timeout passes, connected or not) then waits for it, as a PING does in the client's backlog, up to the command
    /// timeout, instead of failing because nothing is connected yet.
    /// </summary>
    public async Task<IConnectionMultiplexer> GetConnectedMultiplexerAsync(CancellationToken cancellationToken = default)
    {
        var multiplexer = await GetMultiplexerAsync(cancellationToken);
        if (Options.PubSub == RedisPubSubMode.Auto && !multiplexer.GetServers().Any(server => server.IsConnected))
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        }

        return multiplexer;
    }

    /// <summary>The database; for the writer (<see cref="RedisMeshStateOptions.MigrateLegacyLayout"/>) only once the layout is current.</summary>
    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var multiplexer = await GetConnectedMultiplexerAsync(cancellationToken);
        if (Options.MigrateLegacyLayout)
        {
            await EnsureLayoutAsync(multiplexer, cancellationToken);
        }

        return multiplexer.GetDatabase();
    }

    /// <summary>
    /// Whether notices travel by sharded pub/sub on this connection. <see cref="RedisPubSubMode.Auto"/> decides from the
    /// servers the client is connected to, so it refuses to decide while none is: the writer and every reader of one
    /// store then always decide alike.
    /// </summary>
    public bool UsesShardedPubSub(IConnectionMultiplexer multiplexer)
    {
        switch (Options.PubSub)
        {
            case RedisPubSubMode.Classic:
                return false;
            case RedisPubSubMode.Sharded:
                return true;
        }

        var connected = multiplexer.GetServers().Where(server => server.IsConnected).ToList();
        if (connected.Count == 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "no Redis server is connected yet", null, CommandStatus.Unknown);
        }

        return connected.Any(server => server.ServerType == ServerType.Cluster && server.Features.ShardedPubSub);
    }

    /// <summary>The channel a topic maps to, literal or sharded as <see cref="UsesShardedPubSub"/> says.</summary>
    public RedisChannel ChannelFor(IConnectionMultiplexer multiplexer, string topic) =>
        UsesShardedPubSub(multiplexer) ? RedisChannel.Sharded(Keys.Channel(topic)) : RedisChannel.Literal(Keys.Channel(topic));

    /// <summary>A write script as it must run here: its PUBLISH becomes SPUBLISH where notices are sharded.</summary>
    public string WriteScript(IConnectionMultiplexer multiplexer, string script) =>
        UsesShardedPubSub(multiplexer) ? ShardedScripts.Of(script) : script;

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is { IsCompletedSuccessfully: true })
        {
            await connecting.Result.DisposeAsync();
        }
        else if (connecting is not null)
        {
            try
            {
                await (await connecting).DisposeAsync();
            }
            catch (Exception ex) when (ex is RedisException or ArgumentException)
            {
                // never connected: nothing to close
            }
        }
    }

    /// <summary>Runs the layout migration once per connection; a failed attempt (Redis down) is retried on the next use.</summary>
    private Task EnsureLayoutAsync(IConnectionMultiplexer multiplexer, CancellationToken cancellationToken)
    {
        Task layout;
        lock (_gate)
        {
            if (_layout is null || _layout.IsFaulted || _layout.IsCanceled)
            {
                _layout = MigrateLayoutAsync(multiplexer);
            }

            layout = _layout;
        }

        return layout.WaitAsync(cancellationToken);
    }

    private async Task MigrateLayoutAsync(IConnectionMultiplexer multiplexer)
    {
        if (multiplexer.GetServers().Any(server => server.ServerType == ServerType.Cluster))
        {
            return; // the layout before hash tags never worked on a cluster (its scripts span slots), so none exists there
        }

        var moved = (long)await multiplexer.GetDatabase().ScriptEvaluateAsync(LayoutScripts.Migrate, [.. Keys.StateKeys, .. Keys.LegacyStateKeys]);
        if (moved > 0)
        {
            BlocksLog.LayoutMigrated(_logger, moved, Keys.Prefix, Keys.Tag);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = RedisConnectionFactory.CreateConfiguration(Options);
        var endpoints = string.Join(", ", configuration.EndPoints);
        BlocksLog.RedisConnecting(_logger, endpoints, configuration.User ?? "default", Keys.Prefix);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        multiplexer.ConfigurationChanged += OnTopologyChanged;
        multiplexer.HashSlotMoved += OnTopologyChanged;
        return multiplexer;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        BlocksLog.RedisConnectionFailed(_logger, e.ConnectionType, e.EndPoint, e.FailureType, e.Exception);

    private void OnTopologyChanged(object? sender, EventArgs e)
    {
        BlocksLog.RedisTopologyChanged(_logger, e is EndPointEventArgs endpoint ? endpoint.EndPoint : null);
        TopologyChanged?.Invoke();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        BlocksLog.RedisConnectionRestored(_logger, e.ConnectionType, e.EndPoint);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            SubscriptionRestored?.Invoke();
        }
    }
}
