using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Snapshots;

/// <summary>
/// The watcher against a real redis-server that loses connections and restarts. Each test owns its server.
/// Revision checks are set an hour apart, so only notices, gaps and reconnects can bring a watcher up to date.
/// </summary>
public sealed class SnapshotWatcherRedisTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly SnapshotWatcherOptions NoPeriodicCheck = new()
    {
        RevisionCheckInterval = TimeSpan.FromHours(1),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("gm-watcher-redis-").FullName;
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private RedisServer _redis = null!;
    private MeshStateUnderTest _writer = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _writer = Connect();
    }

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        await _writer.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PubSubConnectionKilled_NoticesMissed_WatcherConvergesAfterResubscribe()
    {
        var watcher = await StartWatcherAsync(Connect());
        await _writer.Configs.PutAsync(TestData.Vs("before"));
        await watcher.WaitForRevisionAsync(1).WaitAsync(Timeout);

        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true"))
        {
            // CLIENT KILL returns once the subscriber is closed, so every notice published after it is lost to the watcher.
            var killed = await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            Assert.True((long)killed >= 1);
        }

        await _writer.Configs.PutAsync(TestData.Vs("during-1"));
        await _writer.Configs.PutAsync(TestData.Vs("during-2"));
        await _writer.Registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        await watcher.WaitForRevisionAsync(4).WaitAsync(Timeout);
        Assert.Equal(await _writer.Reader.LoadSnapshotAsync(), watcher.Current);
    }

    [Fact]
    public async Task RedisRestartsEmpty_WatcherKeepsLastGoodThenFollowsNewWrites()
    {
        var watcher = await StartWatcherAsync(Connect());
        await _writer.Configs.PutAsync(TestData.Vs("a"));
        await _writer.Configs.PutAsync(TestData.Vs("b"));
        await watcher.WaitForRevisionAsync(2).WaitAsync(Timeout);
        var lastGood = watcher.Current;

        await _redis.RestartAsync(); // no persistence: the new server is empty, at revision 0
        Assert.Equal(lastGood, watcher.Current);

        // The first write to the new server is revision 1, behind the watcher: the stale notice makes it check,
        // find the store elsewhere, and load it.
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            await _writer.WaitUntilConnectedAsync(timeout.Token);
        }

        await _writer.Configs.PutAsync(TestData.Vs("c"));
        await WaitForSnapshotAsync(watcher, snapshot => snapshot.Configs.ContainsKey(TestData.Vs("c").Key));
        Assert.Equal(await _writer.Reader.LoadSnapshotAsync(), watcher.Current);
    }

    [Fact]
    public async Task ProcessRestartWhileRedisDown_StartsFromSnapshotFile()
    {
        var file = Path.Combine(_directory, "snapshot.json");
        var options = NoPeriodicCheck with { SnapshotFilePath = file };
        var first = await StartWatcherAsync(Connect(), options);
        await _writer.Configs.PutAsync(TestData.Vs("reviews"));
        await _writer.Registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await first.WaitForRevisionAsync(2).WaitAsync(Timeout);
        await WaitForFileAsync(file, () => File.Exists(file) && File.ReadAllText(file).Contains("\"revision\":2,", StringComparison.Ordinal));
        var expected = first.Current;

        await _redis.StopAsync();
        var restarted = await StartWatcherAsync(Connect(), options);

        Assert.Equal(SnapshotSource.File, restarted.Source);
        Assert.Equal(expected, restarted.Current);
    }

    [Fact]
    public async Task ManyWatchers_ConcurrentWriters_AllConvergeToTheSameSnapshot()
    {
        var connection = Connect();
        var watchers = new List<SnapshotWatcher>();
        for (var i = 0; i < 20; i++)
        {
            watchers.Add(await StartWatcherAsync(connection));
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await _writer.Configs.PutAsync(TestData.Vs($"w{w}-{i}"));
            }
        }));
        await Task.WhenAll(writers);

        var expected = await _writer.Reader.LoadSnapshotAsync();
        Assert.Equal(100, expected.Revision);
        foreach (var watcher in watchers)
        {
            await watcher.WaitForRevisionAsync(100).WaitAsync(Timeout);
            Assert.Equal(expected, watcher.Current);
        }
    }

    private MeshStateUnderTest Connect()
    {
        var connection = RedisMeshStateFactory.Create(
            $"{_redis.ConnectionString},connectTimeout=500,asyncTimeout=1000,syncTimeout=1000", new FakeTimeProvider(TestData.Start), _prefix);
        if (_writer is not null)
        {
            _cleanup.Add(connection);
        }

        return connection;
    }

    private async Task<SnapshotWatcher> StartWatcherAsync(MeshStateUnderTest connection, SnapshotWatcherOptions? options = null)
    {
        var watcher = new SnapshotWatcher(connection.Reader, connection.PubSub, options ?? NoPeriodicCheck);
        _cleanup.Add(watcher);
        await watcher.StartAsync();
        return watcher;
    }

    /// <summary>Waits on the watcher's change token (no polling) until its current snapshot satisfies <paramref name="condition"/>.</summary>
    private static async Task WaitForSnapshotAsync(SnapshotWatcher watcher, Func<MeshSnapshot, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = watcher.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
            if (condition(watcher.Current))
            {
                return;
            }

            await changed.Task.WaitAsync(timeout.Token);
        }
    }

    /// <summary>
    /// The watcher writes its snapshot file after the swap, off the change path (a temporary file, then a rename), so
    /// this waits on file-system events in the file's folder until <paramref name="condition"/> holds.
    /// </summary>
    private static async Task WaitForFileAsync(string file, Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var folder = new FileSystemWatcher(Path.GetDirectoryName(file)!) { IncludeSubdirectories = false };
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Signal(object? sender, EventArgs e) => Volatile.Read(ref changed).TrySetResult();
        folder.Created += Signal;
        folder.Changed += Signal;
        folder.Renamed += Signal;
        folder.EnableRaisingEvents = true;
        while (!condition())
        {
            await Volatile.Read(ref changed).Task.WaitAsync(timeout.Token);
            Volatile.Write(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
