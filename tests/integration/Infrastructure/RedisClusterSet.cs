using System.Diagnostics;
using StackExchange.Redis;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: six <c>redis-server --cluster-enabled yes</c> nodes joined by
/// <c>redis-cli --cluster create</c> into three primaries with one replica each, 1 s node timeout so a killed primary's
/// replica is promoted within a test. Ready once every node says <c>cluster_state:ok</c> and every replica has synced
/// with its primary (a replica that never synced cannot take over). Killed on dispose.
/// </summary>
public sealed class RedisClusterSet : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly List<RedisServer> _nodes = [];

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>Every node, as a component names them (any one would do: the client discovers the rest).</summary>
    public string ConnectionString => string.Join(',', _nodes.Select(n => n.ConnectionString));

    public static async Task<RedisClusterSet> StartAsync()
    {
        var set = new RedisClusterSet();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var configFile = $"nodes-{Guid.NewGuid():N}.conf"; // in the node's own folder
                // the bus port is chosen free too (port + 10000, the default, may be above 65535); a replica may take
                // over however long ago it last heard its primary (the validity factor 0), since a loaded test machine stalls
                set._nodes.Add(await RedisServer.StartAsync([
                    "--cluster-enabled", "yes", "--cluster-config-file", configFile, "--cluster-node-timeout", "1000",
                    "--cluster-port", RedisServer.FreePort().ToString(), "--cluster-replica-validity-factor", "0"]));
            }

            await set.CreateAsync();
            await set.WaitUntilOkAsync();
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>The running node that serves <paramref name="key"/>'s slot as primary.</summary>
    public async Task<RedisServer> PrimaryOfAsync(IConnectionMultiplexer multiplexer, RedisKey key)
    {
        var endpoint = (System.Net.IPEndPoint)(await multiplexer.GetDatabase().IdentifyEndpointAsync(key))!;
        return _nodes.Single(n => n.Port == endpoint.Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>A primary, or a replica whose link to its primary is up.</summary>
    private static async Task<bool> SyncedAsync(IServer server)
    {
        var replication = (string?)await server.ExecuteAsync("INFO", "replication") ?? "";
        return replication.Contains("role:master", StringComparison.Ordinal) || replication.Contains("master_link_status:up", StringComparison.Ordinal);
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/redis-cli") ? "/usr/bin/redis-cli" : "redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--cluster", "create" }.Concat(_nodes.Select(n => n.ConnectionString)).Concat(["--cluster-replicas", "1", "--cluster-yes"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Deadline);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private async Task WaitUntilOkAsync()
    {
        var waited = Stopwatch.StartNew();
        foreach (var node in _nodes)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { node.ConnectionString }, AbortOnConnectFail = true, AllowAdmin = true });
            var server = connection.GetServer(node.ConnectionString);
            while (!((string?)await server.ExecuteAsync("CLUSTER", "INFO"))!.Contains("cluster_state:ok", StringComparison.Ordinal) || !await SyncedAsync(server))
            {
                if (waited.Elapsed > Deadline)
                {
                    throw new TimeoutException($"the cluster was not ok within {Deadline.TotalSeconds} s");
                }

                await Task.Delay(100);
            }
        }
    }
}
