using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Proxy.Policy.Quotas;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Policy;

public class QuotaTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void MemQuota_TwoPerFiveSeconds_RefusesTheThirdAndRecoversAfterTheWindow()
    {
        var windows = new MemQuotaWindows(_time);
        bool Take() => windows.TryAcquire("productpage", 2, TimeSpan.FromSeconds(5), 1);

        var first = Take();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var second = Take();
        var third = Take();
        _time.Advance(TimeSpan.FromSeconds(4.8));
        var stillRefused = Take();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var recovered = Take();

        Assert.Equal([true, true, false, false, true], [first, second, third, stillRefused, recovered]);
    }

    [Fact]
    public void MemQuota_SeparateKeys_AreSeparateWindows()
    {
        var windows = new MemQuotaWindows(_time);

        Assert.True(windows.TryAcquire("a", 1, TimeSpan.FromSeconds(1), 1));
        Assert.True(windows.TryAcquire("b", 1, TimeSpan.FromSeconds(1), 1));
        Assert.False(windows.TryAcquire("a", 1, TimeSpan.FromSeconds(1), 1));
    }

    [Fact]
    public void MemQuota_FullTable_DropsIdleWindowsAndStaysBounded()
    {
        var windows = new MemQuotaWindows(_time, maxCounters: 10);
        for (var i = 0; i < 10; i++)
        {
            windows.TryAcquire($"k{i}", 5, TimeSpan.FromSeconds(1), 1);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        windows.TryAcquire("new", 5, TimeSpan.FromSeconds(1), 1);

        Assert.Equal(1, windows.Count);
    }

    [Fact]
    public async Task TokenPools_SmallLimit_CountsEveryCallAtTheSharedCounter()
    {
        var counters = new CountingCounters();
        var pools = new QuotaTokenPools(counters, _time);

        var outcomes = new List<QuotaOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await pools.AcquireAsync("q", QuotaAlgorithm.FixedWindow, 2, TimeSpan.FromSeconds(5), TimeSpan.Zero, 1));
        }

        Assert.Equal([QuotaOutcome.Granted, QuotaOutcome.Granted, QuotaOutcome.Exhausted], outcomes);
        Assert.Equal(3, counters.Calls);
    }

    [Fact]
    public async Task TokenPools_ExhaustedQuota_IsRememberedUntilItsReset()
    {
        var counters = new CountingCounters();
        var pools = new QuotaTokenPools(counters, _time);
        ValueTask<QuotaOutcome> Take() => pools.AcquireAsync("q", QuotaAlgorithm.FixedWindow, 1, TimeSpan.FromSeconds(5), TimeSpan.Zero, 1);

        await Take();
        await Take();
        var callsWhenExhausted = counters.Calls;
        var refusedLocally = await Take();
        var callsAfterRefusal = counters.Calls;
        _time.Advance(TimeSpan.FromSeconds(5));
        var afterReset = await Take();

        Assert.Equal(QuotaOutcome.Exhausted, refusedLocally);
        Assert.Equal(callsWhenExhausted, callsAfterRefusal);
        Assert.Equal(QuotaOutcome.Granted, afterReset);
    }

    [Fact]
    public async Task TokenPools_LargeLimit_AnswersFromTheBatchAndNeverExceedsTheLimit()
    {
        var counters = new CountingCounters();
        var pools = new QuotaTokenPools(counters, _time);
        var granted = 0;
        for (var i = 0; i < 1_500; i++)
        {
            if (await pools.AcquireAsync("big", QuotaAlgorithm.FixedWindow, 1_000, TimeSpan.FromMinutes(1), TimeSpan.Zero, 1) == QuotaOutcome.Granted)
            {
                granted++;
            }
        }

        Assert.Equal(1_000, granted);
        Assert.True(counters.Calls < 100, $"{counters.Calls} calls to the shared counter for 1500 acquisitions");
    }

    [Fact]
    public async Task TokenPools_TwoProxies_ShareTheLimitBetweenThem()
    {
        var shared = new CountingCounters();
        var a = new QuotaTokenPools(shared, _time);
        var b = new QuotaTokenPools(shared, _time);
        var granted = 0;
        for (var i = 0; i < 40; i++)
        {
            var pools = i % 2 == 0 ? a : b;
            if (await pools.AcquireAsync("shared", QuotaAlgorithm.RollingWindow, 20, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1) == QuotaOutcome.Granted)
            {
                granted++;
            }
        }

        Assert.InRange(granted, 20 - (2 * (QuotaTokenPools.BatchFor(20) - 1)), 20);
    }

    [Fact]
    public async Task TokenPools_TokensOfAnEndedBucket_AreNotSpentLater()
    {
        var counters = new CountingCounters();
        var pools = new QuotaTokenPools(counters, _time);
        ValueTask<QuotaOutcome> Take() => pools.AcquireAsync("r", QuotaAlgorithm.RollingWindow, 100, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1);

        await Take(); // fetches a batch of 10, valid to the end of this one-second bucket
        _time.Advance(TimeSpan.FromSeconds(1));
        var callsBefore = counters.Calls;
        await Take();

        Assert.True(counters.Calls > callsBefore, "a token from the ended bucket was spent instead of asking again");
    }

    [Fact]
    public async Task TokenPools_UnreachableStore_IsUnavailableAndNotAskedAgainForASecond()
    {
        var counters = new CountingCounters { Failing = true };
        var pools = new QuotaTokenPools(counters, _time);
        ValueTask<QuotaOutcome> Take() => pools.AcquireAsync("q", QuotaAlgorithm.FixedWindow, 10, TimeSpan.FromSeconds(5), TimeSpan.Zero, 1);

        var first = await Take();
        var second = await Take();
        var calls = counters.Calls;
        _time.Advance(QuotaTokenPools.RetryAfterFailure);
        counters.Failing = false;
        var recovered = await Take();

        Assert.Equal([QuotaOutcome.Unavailable, QuotaOutcome.Unavailable], [first, second]);
        Assert.Equal(1, calls);
        Assert.Equal(QuotaOutcome.Granted, recovered);
    }

    private sealed class CountingCounters : IQuotaCounters
    {
        private readonly InMemoryQuotaCounters _inner = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Failing { get; set; }

        public ValueTask<QuotaGrant> AcquireAsync(QuotaRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Failing ? throw new QuotaCountersUnavailableException("down") : _inner.AcquireAsync(request, cancellationToken);
        }
    }
}
