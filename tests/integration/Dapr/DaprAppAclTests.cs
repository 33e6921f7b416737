using GatewayMesh.Cli.Local.Store;
using GatewayMesh.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>
/// The Redis user <c>meshctl up</c> gives each Dapr app (<see cref="DaprAppAcl"/>) on a real redis-server: the app's state,
/// streams and configuration work; every mesh key, another app's state and the mesh's channel answer NOPERM.
/// </summary>
public sealed class DaprAppAclTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _admin = null!;
    private ConnectionMultiplexer _app = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        await _admin.GetDatabase().ExecuteAsync("ACL", ["SETUSER", "app-orders", "on", ">app-password", .. DaprAppAcl.RuleArguments("orders", ["{gatewaymesh}:", "gatewaymesh:"])]);
        await _admin.GetDatabase().StringSetAsync("{gatewaymesh}:rev", "7");
        await _admin.GetDatabase().HashSetAsync("other||k", "data", "theirs");
        var options = ConfigurationOptions.Parse(_redis.ConnectionString);
        options.User = "app-orders";
        options.Password = "app-password";
        options.ConfigurationChannel = "";
        options.AllowAdmin = true; // the client library would refuse KEYS/FLUSHALL itself; the server must be the one refusing
        _app = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _admin.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task AppUser_OwnStateStreamsAndConfiguration_Allowed()
    {
        var db = _app.GetDatabase();
        await db.ScriptEvaluateAsync(GatewayMesh.Sidecar.Dapr.State.StateScripts.Apply, ["orders||o1"], ["set", "0", "{}", "0", "60"]);
        Assert.Equal("1", (string?)await db.HashGetAsync("orders||o1", "version"));
        await db.StreamAddAsync("review-viewed", "data", "{}");
        await db.StreamCreateConsumerGroupAsync("review-viewed", "orders", "0");
        await _admin.GetDatabase().StringSetAsync("feature", "on||1");
        Assert.Equal("on||1", (string?)await db.StringGetAsync("feature"));
        Assert.Equal(2, (await db.StringGetAsync(["feature", "missing"])).Length);
        // What the client library asks while connecting (refused, it logs NOPERM and guesses the server's shape).
        Assert.Contains("redis_version", (string?)await db.ExecuteAsync("INFO", "server"), StringComparison.Ordinal);
        Assert.NotNull(await db.ExecuteAsync("CONFIG", "GET", "databases"));
    }

    [Theory]
    [InlineData("GET", "{gatewaymesh}:rev")]
    [InlineData("HGETALL", "{gatewaymesh}:configs")]
    [InlineData("HGETALL", "gatewaymesh:quota:q")]
    [InlineData("HGETALL", "other||k")]
    [InlineData("DEL", "{gatewaymesh}:rev")]
    [InlineData("XADD", "{gatewaymesh}:changes", "*", "data", "x")]
    [InlineData("XADD", "gatewaymesh:changes", "*", "data", "x")]
    [InlineData("SET", "{gatewaymesh}:rev", "8")]
    [InlineData("DEL", "other||k")]
    [InlineData("KEYS", "*")]
    [InlineData("SCAN", "0")]
    [InlineData("FLUSHALL")]
    [InlineData("PUBLISH", "{gatewaymesh}:changes", "x")]
    public async Task AppUser_MeshKeysAndOtherApps_NoPerm(string command, params string[] arguments)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => _app.GetDatabase().ExecuteAsync(command, [.. arguments]));
        Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
        Assert.Equal("7", (string?)await _admin.GetDatabase().StringGetAsync("{gatewaymesh}:rev"));
        Assert.Equal("theirs", (string?)await _admin.GetDatabase().HashGetAsync("other||k", "data"));
    }

    [Fact]
    public async Task AppUser_MeshScriptWrite_NoPerm()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            _app.GetDatabase().ScriptEvaluateAsync("return redis.call('SET', KEYS[1], 'x')", ["{gatewaymesh}:rev"]));
        Assert.Contains("NOPERM", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("review-viewed")]
    [InlineData("gatewaymesh")]
    [InlineData("gatewaymeshx")]
    [InlineData("gatewaymesh-rev")]
    [InlineData("g")]
    [InlineData("{")]
    [InlineData("{gatewaymesh")]
    [InlineData("{gatewaymesh}x")]
    [InlineData("{other}:rev")]
    public async Task AppUser_KeysOutsideMeshPrefix_Readable(string key)
    {
        // The "outside the prefix" globs (DaprAppAcl.OutsidePrefixes) against the real server's matcher: every other key reads.
        await _admin.GetDatabase().StringSetAsync(key, "v");
        Assert.Equal("v", (string?)await _app.GetDatabase().StringGetAsync(key));
    }

    [Theory]
    [InlineData("gatewaymesh:")]
    [InlineData("gatewaymesh:rev")]
    [InlineData("gatewaymesh:a:b")]
    [InlineData("{gatewaymesh}:")]
    [InlineData("{gatewaymesh}:rev")]
    public async Task AppUser_KeysUnderMeshPrefix_NoPerm(string key)
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => _app.GetDatabase().StringGetAsync(key));
        Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppUser_KeyspaceNotifications_SubscribeOnlyNoPublish()
    {
        await _admin.GetDatabase().ExecuteAsync("CONFIG", ["SET", "notify-keyspace-events", "K$g"]);
        var notified = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = await _app.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("__keyspace@0__:*"));
        queue.OnMessage(message => notified.TrySetResult($"{message.Channel} {message.Message}"));
        await _admin.GetDatabase().StringSetAsync("feature", "on||2");
        Assert.Equal("__keyspace@0__:feature set", await notified.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<RedisServerException>(() => _app.GetDatabase().ExecuteAsync("PUBLISH", "__keyspace@0__:feature", "set"));
        Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
        var other = await Assert.ThrowsAsync<RedisServerException>(() => _app.GetDatabase().ExecuteAsync("SUBSCRIBE", "{gatewaymesh}:changes"));
        Assert.StartsWith("NOPERM", other.Message, StringComparison.Ordinal);
    }
}
