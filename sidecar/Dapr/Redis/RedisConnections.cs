using System.Collections.Concurrent;
using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.Redis;

/// <summary>
/// One StackExchange.Redis multiplexer per distinct <see cref="RedisSettings"/> (app data, never the mesh's own
/// connection), opened on first use, reconnecting in the background, closed with the sidecar.
/// </summary>
public sealed class RedisConnections(string clientName) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<RedisSettings, Lazy<Task<ConnectionMultiplexer>>> _connections = new();

    public Task<ConnectionMultiplexer> GetAsync(RedisSettings settings) =>
        _connections.GetOrAdd(settings, s => new Lazy<Task<ConnectionMultiplexer>>(
            () => ConnectionMultiplexer.ConnectAsync(s.ToConfiguration(clientName)))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _connections.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        _connections.Clear();
    }
}
