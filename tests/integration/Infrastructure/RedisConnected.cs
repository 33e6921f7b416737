using GatewayMesh.Core.Blocks.Redis;
using StackExchange.Redis;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>Waits for StackExchange.Redis to report its command connection up, instead of retrying commands on a timer.</summary>
internal static class RedisConnected
{
    public static async Task WaitAsync(RedisMeshConnection connection, CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetMultiplexerAsync(cancellationToken);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e)
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        }

        multiplexer.ConnectionRestored += OnRestored;
        try
        {
            if (!multiplexer.GetServers().All(server => server.IsConnected))
            {
                await restored.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnRestored;
        }
    }
}
