using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>
/// Config writes with a write timeout (the registry's <c>--write-timeout</c>) against a real redis-server: a store that
/// does not answer makes the write fail within the timeout, and a write the client gave up on never takes effect later,
/// because its script refuses to run past its deadline on the server's clock.
/// </summary>
public sealed class RedisWriteDeadlineTests
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ApplyAsync_ScriptHeldPastItsDeadline_FailsAndRefusesToRunWhenItArrives()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var relay = new HoldingRelay(redis.Port);
        var (connection, store) = Store($"127.0.0.1:{relay.Port}");
        await using var _ = connection;
        await store.ListAsync(); // connected: the first write's time is the write's, not the connect's
        await store.PutAsync(TestData.Vs("before"));
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var revision = (long)await admin.GetDatabase().StringGetAsync(connection.Keys.Revision);
        var scriptsRun = await ScriptCallsAsync(admin);

        relay.HoldFirst("EVAL");
        var apply = store.ApplyAsync([TestData.Vs("held"), TestData.Vs("before", label: "changed")]).AsTask();
        await relay.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var failure = await Assert.ThrowsAsync<ConfigStoreUnavailableException>(() => apply.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(failure.NothingWritten); // it was on the wire: the client cannot know by itself
        Assert.Contains("did not confirm the write", failure.Message, StringComparison.Ordinal);

        relay.Release();
        var stored = await store.ListAsync(); // after the held script on the same connection, so it has run by now
        Assert.True(await ScriptCallsAsync(admin) > scriptsRun, "the held script never reached Redis");
        Assert.Equal(["before"], stored.Select(r => r.Metadata.Name));
        Assert.False(stored[0].Metadata.Labels.ContainsKey("test"));
        Assert.Equal(revision, (long)await admin.GetDatabase().StringGetAsync(connection.Keys.Revision));
    }

    [Fact]
    public async Task ApplyAsync_StorePaused_FailsWithNothingWritten_AndNothingChangesWhenItResumes()
    {
        await using var redis = await RedisServer.StartAsync();
        var (connection, store) = Store(redis.ConnectionString);
        await using var _ = connection;
        await store.ListAsync(); // connected: the first write's time is the write's, not the connect's
        await store.PutAsync(TestData.Vs("before"));

        PosixSignals.Send(redis.Pid!.Value, 19); // SIGSTOP: accepts, never answers
        try
        {
            var failure = await Assert.ThrowsAsync<ConfigStoreUnavailableException>(
                () => store.ApplyAsync([TestData.Vs("during")]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(failure.NothingWritten);
            await Assert.ThrowsAsync<ConfigStoreUnavailableException>(
                () => store.DeleteAsync(TestData.Vs("before").Key).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            PosixSignals.Send(redis.Pid!.Value, 18); // SIGCONT
        }

        Assert.Equal(["before"], (await store.ListAsync()).Select(r => r.Metadata.Name));
    }

    [Fact]
    public async Task DeadlineCheck_PastDeadline_ReturnsExpiredBeforeTouchingAnything()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();
        var keys = new RedisKeys(RedisServerFixture.NewKeyPrefix());
        var time = await db.ExecuteAsync("TIME");
        var now = ((long)time[0] * 1000) + ((long)time[1] / 1000);

        var expired = (RedisResult[])(await db.ScriptEvaluateAsync(
            ConfigScripts.Put, [keys.Revision, keys.Configs, keys.ConfigVersions], [now - 1, "f", "{\"v\":\"", "\"}", "", "upsert", "ch", "configPut"]))!;
        var written = (RedisResult[])(await db.ScriptEvaluateAsync(
            ConfigScripts.Put, [keys.Revision, keys.Configs, keys.ConfigVersions], [now + 60_000, "f", "{\"v\":\"", "\"}", "", "upsert", "ch", "configPut"]))!;

        Assert.Equal("expired", expired[0].ToString());
        Assert.Equal(["created", "1"], written.Select(r => r.ToString()));
        Assert.Equal(1, await db.HashLengthAsync(keys.Configs));
    }

    private static (RedisMeshConnection Connection, RedisConfigStore Store) Store(string connectionString)
    {
        var connection = new RedisMeshConnection(new RedisMeshStateOptions
        {
            ConnectionString = connectionString + ",asyncTimeout=20000,syncTimeout=20000",
            KeyPrefix = RedisServerFixture.NewKeyPrefix(),
            WriteTimeout = WriteTimeout,
        });
        return (connection, new RedisConfigStore(connection, new RedisPubSub(connection)));
    }

    private static async Task<long> ScriptCallsAsync(ConnectionMultiplexer admin)
    {
        var stats = await admin.GetServers()[0].InfoAsync("commandstats");
        return stats.SelectMany(group => group)
            .Where(pair => pair.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(pair => long.Parse(pair.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
