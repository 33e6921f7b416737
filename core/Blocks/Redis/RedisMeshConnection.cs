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
    private bool _disposed;

    public RedisMeshConnection(RedisMeshStateOptions options, ILogger<RedisMeshConnection>? logger = null)
    {
        Options = options;
        Keys = new RedisKeys(options.KeyPrefix);
        _logger = logger ?? NullLogger<RedisMeshConnection>.Instance;
    }

    /// <summary>Raised after the subscription connection is re-established (StackExchange.Redis has re-sent the SUBSCRIBEs by then).</summary>
    public event Action? SubscriptionRestored;

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

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken = default) =>
        (await GetMultiplexerAsync(cancellationToken)).GetDatabase();

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

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = RedisConnectionFactory.CreateConfiguration(Options);
        var endpoints = string.Join(", ", configuration.EndPoints);
        BlocksLog.RedisConnecting(_logger, endpoints, configuration.User ?? "default", Keys.Prefix);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        return multiplexer;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        BlocksLog.RedisConnectionFailed(_logger, e.ConnectionType, e.EndPoint, e.FailureType, e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        BlocksLog.RedisConnectionRestored(_logger, e.ConnectionType, e.EndPoint);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            SubscriptionRestored?.Invoke();
        }
    }
}
