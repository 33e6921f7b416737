using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>One suite for every quota counters component: the in-memory one must behave exactly as the Redis one.</summary>
public abstract class QuotaCountersConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, 250, TimeSpan.Zero);

    protected IQuotaCounters Counters { get; private set; } = null!;

    protected abstract Task<IQuotaCounters> CreateAsync();

    public async Task InitializeAsync() => Counters = await CreateAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static QuotaRequest Fixed(long amount, DateTimeOffset now, long max = 5, string key = "k") =>
        new(key, QuotaAlgorithm.FixedWindow, max, amount, TimeSpan.FromSeconds(5), TimeSpan.Zero, now);

    private static QuotaRequest Rolling(long amount, DateTimeOffset now, long max = 5) =>
        new("r", QuotaAlgorithm.RollingWindow, max, amount, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), now);

    [Fact]
    public async Task Acquire_FixedWindow_GrantsUpToTheMaximumThenDeniesUntilTheWindowEnds()
    {
        var first = await Counters.AcquireAsync(Fixed(3, Start));
        var second = await Counters.AcquireAsync(Fixed(3, Start.AddSeconds(1)));
        var denied = await Counters.AcquireAsync(Fixed(1, Start.AddSeconds(4.999)));
        var next = await Counters.AcquireAsync(Fixed(1, Start.AddSeconds(5)));

        Assert.Equal(new QuotaGrant(3, 2, Start.AddSeconds(5)), first);
        Assert.Equal(new QuotaGrant(2, 0, Start.AddSeconds(5)), second);
        Assert.Equal(new QuotaGrant(0, 0, Start.AddSeconds(5)), denied);
        Assert.Equal(new QuotaGrant(1, 4, Start.AddSeconds(10)), next);
    }

    [Fact]
    public async Task Acquire_FixedWindow_StartsAtTheFirstGrantAfterAnIdlePeriod()
    {
        await Counters.AcquireAsync(Fixed(5, Start));

        var later = await Counters.AcquireAsync(Fixed(1, Start.AddSeconds(7.5)));

        Assert.Equal(new QuotaGrant(1, 4, Start.AddSeconds(12.5)), later);
    }

    [Fact]
    public async Task Acquire_AlignedWindow_ResetsOnMultiplesOfTheWindow()
    {
        var request = new QuotaRequest("a", QuotaAlgorithm.AlignedWindow, 2, 1, TimeSpan.FromMinutes(1), TimeSpan.Zero, Start);

        var first = await Counters.AcquireAsync(request);
        var second = await Counters.AcquireAsync(request with { Now = Start.AddSeconds(30) });
        var third = await Counters.AcquireAsync(request with { Now = Start.AddSeconds(40) });
        var nextMinute = await Counters.AcquireAsync(request with { Now = Start.AddSeconds(60) });

        var minuteEnd = new DateTimeOffset(2024, 5, 1, 12, 1, 0, TimeSpan.Zero);
        Assert.Equal(new QuotaGrant(1, 1, minuteEnd), first);
        Assert.Equal(new QuotaGrant(1, 0, minuteEnd), second);
        Assert.Equal(new QuotaGrant(0, 0, minuteEnd), third);
        Assert.Equal(new QuotaGrant(1, 1, minuteEnd.AddMinutes(1)), nextMinute);
    }

    [Fact]
    public async Task Acquire_RollingWindow_FreesTokensAsTheirBucketLeavesTheWindow()
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var a = await Counters.AcquireAsync(Rolling(2, t0.AddMilliseconds(100)));
        var b = await Counters.AcquireAsync(Rolling(3, t0.AddSeconds(2.5)));
        var denied = await Counters.AcquireAsync(Rolling(1, t0.AddSeconds(4.9)));
        var freed = await Counters.AcquireAsync(Rolling(5, t0.AddSeconds(5.0)));

        Assert.Equal(new QuotaGrant(2, 3, t0.AddSeconds(1)), a);
        Assert.Equal(new QuotaGrant(3, 0, t0.AddSeconds(3)), b);
        Assert.Equal(new QuotaGrant(0, 0, t0.AddSeconds(5)), denied);
        Assert.Equal(new QuotaGrant(2, 0, t0.AddSeconds(6)), freed);
    }

    [Fact]
    public async Task Acquire_ConcurrentCallers_NeverGetMoreThanTheMaximumBetweenThem()
    {
        var grants = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Counters.AcquireAsync(Fixed(1, Start, max: 20, key: "many")).AsTask()));

        Assert.Equal(20, grants.Sum(g => g.Granted));
    }

    [Fact]
    public async Task Acquire_DifferentKeys_AreIndependent()
    {
        var a = await Counters.AcquireAsync(Fixed(5, Start, key: "one"));
        var b = await Counters.AcquireAsync(Fixed(5, Start, key: "two"));

        Assert.Equal(5, a.Granted);
        Assert.Equal(5, b.Granted);
    }
}

public sealed class InMemoryQuotaCountersConformanceTests : QuotaCountersConformanceTests
{
    protected override Task<IQuotaCounters> CreateAsync() => Task.FromResult<IQuotaCounters>(new InMemoryQuotaCounters());
}

[Collection(RedisCollection.Name)]
public sealed class RedisQuotaCountersConformanceTests(RedisServerFixture redis) : QuotaCountersConformanceTests
{
    private RedisMeshConnection? _connection;

    protected override Task<IQuotaCounters> CreateAsync()
    {
        _connection = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = RedisServerFixture.NewKeyPrefix() });
        return Task.FromResult<IQuotaCounters>(new RedisQuotaCounters(_connection));
    }

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
