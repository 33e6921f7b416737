using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>A store in the layout before hash tags (<c>prefix:rev</c>, ...) moves to the hash-tagged one on the writer's first use.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLayoutMigrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Writer_LegacyLayout_RenamedOnceThenReadAndWrittenInTheNewLayout()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var keys = new RedisKeys(prefix);
        var stored = await SeedLegacyStoreAsync(prefix);

        await using var connection = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix, MigrateLegacyLayout = true });
        var pubSub = new RedisPubSub(connection);
        var configs = new RedisConfigStore(connection, pubSub);
        var migrated = await configs.GetAsync(stored.Key);
        var next = await configs.PutAsync(TestData.Vs("ratings"));

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();
        Assert.Equal(stored, migrated);
        Assert.Equal("3", next.Metadata.ResourceVersion); // the revision counter moved along
        foreach (var legacy in keys.LegacyStateKeys)
        {
            Assert.False(await db.KeyExistsAsync(legacy), $"{legacy} is left behind");
        }

        Assert.Equal(2, await db.HashLengthAsync(keys.Configs));
        Assert.Equal(1, await db.SortedSetLengthAsync(keys.Leases));
        var reader = new RedisMeshStateReader(connection);
        Assert.Equal(3, (await reader.LoadSnapshotAsync()).Revision);
        Assert.Equal("3", (string?)await db.StringGetAsync(keys.Fence));
    }

    [Fact]
    public async Task Writer_NewLayoutAlreadyHoldsData_LegacyKeysLeftAlone()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var keys = new RedisKeys(prefix);
        await using (var current = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix }))
        {
            await new RedisConfigStore(current, new RedisPubSub(current)).PutAsync(TestData.Vs("new"));
        }

        await SeedLegacyStoreAsync(prefix);
        await using var connection = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix, MigrateLegacyLayout = true });
        var list = await new RedisConfigStore(connection, new RedisPubSub(connection)).ListAsync();

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Equal(["new"], list.Select(r => r.Metadata.Name));
        Assert.True(await admin.GetDatabase().KeyExistsAsync(keys.LegacyStateKeys[0]));
    }

    /// <summary>Writes a store the way the code before hash tags did: same scripts, keys named <c>prefix + name</c>.</summary>
    private async Task<GatewayMesh.Core.Config.Model.ConfigResource> SeedLegacyStoreAsync(string prefix)
    {
        var legacyPrefix = "legacy-" + Guid.NewGuid().ToString("N") + ":";
        await using var seeding = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = legacyPrefix });
        var pubSub = new RedisPubSub(seeding);
        var stored = await new RedisConfigStore(seeding, pubSub).PutAsync(TestData.Vs("reviews"));
        await new RedisServiceRegistry(seeding, pubSub, new FakeTimeProvider(TestData.Start)).RegisterAsync(TestData.Instance("reviews", "r1"));
        await new RedisServiceRegistry(seeding, pubSub, new FakeTimeProvider(TestData.Start)).ExpireLeasesAsync(new WriterFence(3));
        await seeding.GetMultiplexerAsync();

        // move what was written under the hash-tagged names of the seeding prefix to the legacy names of the test prefix
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();
        var from = seeding.Keys.StateKeys;
        var to = new RedisKeys(prefix).LegacyStateKeys;
        for (var i = 0; i < from.Length; i++)
        {
            if (await db.KeyExistsAsync(from[i]))
            {
                await db.KeyRenameAsync(from[i], to[i]);
            }
        }

        return stored;
    }
}
