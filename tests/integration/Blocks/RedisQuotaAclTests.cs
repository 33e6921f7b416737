using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>
/// The proxy's ACL user with quota counters: the narrowest rules that let it share quotas (docs/redis-layout.md). It
/// counts quotas through the scripts, and still cannot write mesh state, run arbitrary EVAL, or have a script write
/// outside the quota keys.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisQuotaAclTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly string _user = $"proxy-{Guid.NewGuid():N}";
    private MeshStateUnderTest _writer = null!;
    private RedisMeshConnection _proxy = null!;

    public async Task InitializeAsync()
    {
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("ACL", ["SETUSER", _user, "on", ">proxy-secret", .. ProxyAclRules.For(_prefix)]);
        }

        _writer = RedisMeshStateFactory.Create(redis.ConnectionString, new FakeTimeProvider(TestData.Start), _prefix);
        _proxy = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = _prefix, User = _user, Password = "proxy-secret" });
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _writer.DisposeAsync();
    }

    [Fact]
    public async Task Acquire_ProxyUser_CountsQuotasThroughTheScripts()
    {
        var counters = new RedisQuotaCounters(_proxy);
        var request = new QuotaRequest("q", QuotaAlgorithm.RollingWindow, 2, 1, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TestData.Start);

        var grants = new[] { await counters.AcquireAsync(request), await counters.AcquireAsync(request), await counters.AcquireAsync(request) };
        var fixedWindow = await counters.AcquireAsync(request with { Key = "f", Algorithm = QuotaAlgorithm.FixedWindow });

        Assert.Equal([1L, 1L, 0L], grants.Select(g => g.Granted));
        Assert.Equal(1, fixedWindow.Granted);
    }

    [Fact]
    public async Task Writes_ProxyUser_AreStillRefusedOutsideQuotaKeys()
    {
        var db = await _proxy.GetDatabaseAsync();
        var proxyStore = RedisMeshStateFactory.Create(redis.ConnectionString, new FakeTimeProvider(TestData.Start), _prefix, _user, "proxy-secret");
        await using var _ = proxyStore;

        var put = await Assert.ThrowsAsync<RedisServerException>(async () => await proxyStore.Configs.PutAsync(TestData.Vs("reviews")));
        var hset = await Assert.ThrowsAsync<RedisServerException>(() => db.HashSetAsync(_prefix + "configs", "x", "y"));
        var eval = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("EVAL", "return 1", "0"));
        var sha = (string)(await db.ExecuteAsync("SCRIPT", "LOAD", "return redis.call('HSET', KEYS[1], 'x', 'y')"))!;
        var scripted = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("EVALSHA", sha, "1", _prefix + "configs"));
        var quotaByScript = await db.ExecuteAsync("EVALSHA", sha, "1", _prefix + "quota:mine");

        Assert.Contains("NOPERM", put.Message);
        Assert.Contains("NOPERM", hset.Message);
        Assert.Contains("NOPERM", eval.Message);
        Assert.Contains("NOPERM", scripted.Message);
        Assert.Equal(1, (long)quotaByScript);
        Assert.Equal(0, await _writer.Reader.GetRevisionAsync());
    }
}

/// <summary>The proxy user's ACL rules as docs/redis-layout.md gives them, for a key prefix.</summary>
internal static class ProxyAclRules
{
    public static object[] For(string prefix) =>
    [
        "resetkeys", $"%R~{prefix}*", $"~{prefix}quota:*", "resetchannels", $"&{prefix}*",
        "-@all", "+@read", "+@connection", "+@transaction", "+subscribe", "+unsubscribe", "+info", "+config|get", "+cluster|nodes",
        "+evalsha", "+script|load", "+hset", "+hincrby", "+hdel", "+pexpire",
    ];
}
