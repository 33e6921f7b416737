using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Registry.Leadership;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Leadership;

/// <summary>
/// The Redis lease election, one campaign round at a time on a fake clock against a real redis-server: who leads,
/// which token, release on stop, step-down at the renew deadline, and the fence a takeover raises.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLeaseElectionTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
    private readonly LeaderElectionOptions _options = LeaderElectionOptions.FromLease(TimeSpan.FromSeconds(30));
    private RedisMeshConnection _connection = null!;

    public Task InitializeAsync()
    {
        _connection = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis.ConnectionString, KeyPrefix = RedisServerFixture.NewKeyPrefix() });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task CampaignOnce_TwoReplicas_ExactlyOneLeadsWithTokenAboveStoredFence()
    {
        var db = await _connection.GetDatabaseAsync();
        await db.StringSetAsync(_connection.Keys.Fence, "41"); // raised earlier by another election
        var first = Election();
        var second = Election();

        await first.CampaignOnceAsync(CancellationToken.None);
        await second.CampaignOnceAsync(CancellationToken.None);
        await first.CampaignOnceAsync(CancellationToken.None); // a renewal keeps the token

        Assert.True(first.IsLeader);
        Assert.Equal(42, first.FencingToken);
        Assert.False(second.IsLeader);
        Assert.Equal(0, second.FencingToken);
        Assert.Equal(first.Identity, second.Leader);
        Assert.Equal("42", (string?)await db.StringGetAsync(_connection.Keys.Fence));
    }

    [Fact]
    public async Task StopAsync_Leader_ReleasesSoSuccessorLeadsAtOnceAndOldTokenIsFenced()
    {
        var first = Election();
        var second = Election();
        await first.CampaignOnceAsync(CancellationToken.None);
        await second.CampaignOnceAsync(CancellationToken.None);
        var deposed = new WriterFence(first.FencingToken);
        var changed = Changed(first);

        await first.StopAsync(CancellationToken.None);
        await second.CampaignOnceAsync(CancellationToken.None);

        await changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(first.IsLeader);
        Assert.True(second.IsLeader);
        Assert.True(second.FencingToken > deposed.Token);
        var registry = new RedisServiceRegistry(_connection, new RedisPubSub(_connection), _time);
        await Assert.ThrowsAsync<FencedWriteException>(async () => await registry.ExpireLeasesAsync(deposed));
        Assert.Equal(0, await registry.ExpireLeasesAsync(new WriterFence(second.FencingToken)));
    }

    [Fact]
    public async Task RenewDeadline_PassesWithoutRenewal_LeaderStepsDownAndSignals()
    {
        var election = Election();
        await election.CampaignOnceAsync(CancellationToken.None);
        var changed = Changed(election);
        var waiting = election.WaitForLeadershipAsync(CancellationToken.None);

        _time.Advance(_options.RenewDeadline - TimeSpan.FromMilliseconds(1));
        Assert.True(election.IsLeader);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.False(election.IsLeader);
        Assert.Equal(0, election.FencingToken);
    }

    [Fact]
    public async Task WaitForLeadershipAsync_Follower_CompletesWhenItTakesOver()
    {
        var first = Election();
        var second = Election();
        await first.CampaignOnceAsync(CancellationToken.None);
        await second.CampaignOnceAsync(CancellationToken.None);
        var waiting = second.WaitForLeadershipAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await first.StopAsync(CancellationToken.None);
        await second.CampaignOnceAsync(CancellationToken.None);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(second.IsLeader);
    }

    private RedisLeaseElection Election() => new(_connection, _options, _time, NullLogger<RedisLeaseElection>.Instance);

    private static Task Changed(ILeaderElection election)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        election.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
        return changed.Task;
    }
}
