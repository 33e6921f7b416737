using GatewayMesh.Core.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>Proxies connect as a read-only ACL user: the reader and SUBSCRIBE must work with read commands alone.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisReadOnlyUserTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly string _user = $"proxy-{Guid.NewGuid():N}";
    private MeshStateUnderTest _writer = null!;

    /// <summary>What every key and channel of the mesh starts with: the prefix as a hash tag.</summary>
    private string Tag => "{" + _prefix.TrimEnd(':') + "}:";
    private MeshStateUnderTest _proxy = null!;

    public async Task InitializeAsync()
    {
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            // read commands and SUBSCRIBE on this mesh's keys and channels, plus what a client needs to log in and look around
            await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("ACL", [
                "SETUSER", _user, "on", ">proxy-secret", "resetkeys", $"~{Tag}*", "resetchannels", $"&{Tag}*",
                "-@all", "+@read", "+@connection", "+@transaction", "+subscribe", "+unsubscribe", "+ssubscribe", "+sunsubscribe",
                "+info", "+config|get", "+cluster|nodes"]);
        }

        _writer = RedisMeshStateFactory.Create(redis.ConnectionString, new FakeTimeProvider(TestData.Start), _prefix);
        _proxy = RedisMeshStateFactory.Create(redis.ConnectionString, new FakeTimeProvider(TestData.Start), _prefix, _user, "proxy-secret");
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _writer.DisposeAsync();
    }

    [Fact]
    public async Task Reader_ReadOnlyUser_LoadsSnapshotAndFollowsNotices()
    {
        var stored = await _writer.Configs.PutAsync(TestData.Vs("reviews"));
        await using var notices = await NoticeRecorder.StartAsync(_proxy.PubSub);

        var snapshot = await _proxy.Reader.LoadSnapshotAsync();
        await _writer.Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        Assert.Equal(1, snapshot.Revision);
        Assert.Equal([stored], snapshot.Configs.Values);
        var notice = await notices.NextAsync();
        Assert.Equal((2L, ChangeKind.InstancePut), (notice.Revision, notice.Kind));
        Assert.Equal(2, await _proxy.Reader.GetRevisionAsync());
    }

    [Fact]
    public async Task Writes_ReadOnlyUser_AreRefused()
    {
        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await _proxy.Configs.PutAsync(TestData.Vs("reviews")));

        Assert.Contains("NOPERM", refused.Message);
        Assert.Equal(0, await _writer.Reader.GetRevisionAsync());
    }
}
