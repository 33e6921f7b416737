using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Blocks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Snapshots;

/// <summary>The watcher over the in-memory component, with fake time: ordering, gaps, periodic checks, the snapshot file.</summary>
public sealed class SnapshotWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(TestData.Start);
    private readonly InMemoryMeshState _state = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("gm-watcher-").FullName;
    private readonly List<SnapshotWatcher> _watchers = [];
    private InMemoryConfigStore _configs = null!;
    private InMemoryServiceRegistry _registry = null!;
    private SwitchableReader _reader = null!;
    private LossyPubSub _pubSub = null!;

    public Task InitializeAsync()
    {
        _configs = new InMemoryConfigStore(_state);
        _registry = new InMemoryServiceRegistry(_state, _time);
        _reader = new SwitchableReader(new InMemoryMeshStateReader(_state));
        _pubSub = new LossyPubSub(_state.PubSub);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StartAsync_StoreHasData_LoadsFullSnapshot()
    {
        await _configs.PutAsync(TestData.Vs("reviews"));
        await _registry.RegisterAsync(TestData.Instance("reviews", "r1"));

        var watcher = await StartWatcherAsync();

        Assert.Equal(SnapshotSource.Store, watcher.Source);
        Assert.Equal(2, watcher.Current.Revision);
        Assert.Equal(await _reader.LoadSnapshotAsync(), watcher.Current);
    }

    [Fact]
    public async Task Notices_PutsAndDeletes_ConvergeToStoreState()
    {
        var watcher = await StartWatcherAsync();

        await _configs.PutAsync(TestData.Vs("reviews"));
        await _configs.PutAsync(TestData.Vs("ratings"));
        await _registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await _registry.RegisterAsync(TestData.Instance("reviews", "r2", version: "v2"));
        await _configs.DeleteAsync(TestData.Vs("ratings").Key);
        await _registry.DeregisterAsync(TestData.Instance("reviews", "r1").Key);

        var revision = await _reader.GetRevisionAsync();
        await watcher.WaitForRevisionAsync(revision).WaitAsync(Timeout);

        Assert.Equal(6, revision);
        Assert.Equal(await _reader.LoadSnapshotAsync(), watcher.Current);
    }

    [Fact]
    public async Task Notice_MissedInTheMiddle_GapDetectedAndResynced()
    {
        var watcher = await StartWatcherAsync();
        _pubSub.Drop.Add(2);

        await _configs.PutAsync(TestData.Vs("a"));
        await _configs.PutAsync(TestData.Vs("b")); // its notice is lost
        await _configs.PutAsync(TestData.Vs("c")); // revision 3 after 1: a gap

        await watcher.WaitForRevisionAsync(3).WaitAsync(Timeout);
        Assert.Equal(await _reader.LoadSnapshotAsync(), watcher.Current);
        Assert.Contains(TestData.Vs("b").Key, watcher.Current.Configs.Keys);
    }

    [Fact]
    public async Task Notice_LastOneMissed_PeriodicRevisionCheckResyncs()
    {
        var options = new SnapshotWatcherOptions { RevisionCheckInterval = TimeSpan.FromSeconds(15) };
        var watcher = await StartWatcherAsync(options);
        _pubSub.Drop.Add(1);

        await _configs.PutAsync(TestData.Vs("a")); // lost, and nothing follows to reveal the gap
        Assert.Equal(0, watcher.Current.Revision);

        var converged = watcher.WaitForRevisionAsync(1);
        _time.Advance(options.RevisionCheckInterval);
        await converged.WaitAsync(Timeout);

        Assert.Equal(await _reader.LoadSnapshotAsync(), watcher.Current);
    }

    [Fact]
    public async Task StartAsync_StoreDown_StartsFromSnapshotFileThenCatchesUp()
    {
        var file = Path.Combine(_directory, "snapshot.json");
        var first = await StartWatcherAsync(new SnapshotWatcherOptions { SnapshotFilePath = file });
        await _configs.PutAsync(TestData.Vs("reviews"));
        await _registry.RegisterAsync(TestData.Instance("reviews", "r1"));
        await first.WaitForRevisionAsync(2).WaitAsync(Timeout);
        await WaitForFileRevisionAsync(file, 2);
        var expected = first.Current;

        _reader.Down = true;
        var restarted = await StartWatcherAsync(new SnapshotWatcherOptions { SnapshotFilePath = file });

        Assert.Equal(SnapshotSource.File, restarted.Source);
        Assert.Equal(expected, restarted.Current);

        _reader.Down = false;
        await _configs.PutAsync(TestData.Vs("ratings"));
        _time.Advance(TimeSpan.FromSeconds(1)); // the retry timer fires
        await restarted.WaitForRevisionAsync(3).WaitAsync(Timeout);
        Assert.Equal(SnapshotSource.Store, restarted.Source);
        Assert.Equal(await _reader.LoadSnapshotAsync(), restarted.Current);
    }

    [Fact]
    public async Task SnapshotFile_IsOwnerOnly()
    {
        var file = Path.Combine(_directory, "snapshot.json");
        var watcher = await StartWatcherAsync(new SnapshotWatcherOptions { SnapshotFilePath = file });
        await _configs.PutAsync(TestData.Vs("reviews"));
        await watcher.WaitForRevisionAsync(1).WaitAsync(Timeout);
        await WaitForFileRevisionAsync(file, 1);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task StartAsync_StoreDownAndNoFile_SourceNoneUntilStoreAnswers()
    {
        await _configs.PutAsync(TestData.Vs("reviews"));
        _reader.Down = true;
        var watcher = await StartWatcherAsync();
        Assert.Equal(SnapshotSource.None, watcher.Source);

        _reader.Down = false;
        var loaded = watcher.WaitForRevisionAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await loaded.WaitAsync(Timeout);
        Assert.Equal(SnapshotSource.Store, watcher.Source);
    }

    [Fact]
    public async Task Resync_StoreLostItsData_KeepsLastGoodSnapshot()
    {
        var options = new SnapshotWatcherOptions { RevisionCheckInterval = TimeSpan.FromSeconds(15) };
        var watcher = await StartWatcherAsync(options);
        await _configs.PutAsync(TestData.Vs("reviews"));
        await watcher.WaitForRevisionAsync(1).WaitAsync(Timeout);
        var lastGood = watcher.Current;

        _reader.Empty = true;
        var firstCheck = _reader.WaitForRevisionCallsAsync(1);
        _time.Advance(options.RevisionCheckInterval); // check 1 sees revision 0 and reloads an empty store
        await firstCheck.WaitAsync(Timeout);
        var secondCheck = _reader.WaitForRevisionCallsAsync(2);
        _time.Advance(options.RevisionCheckInterval); // check 2 runs only after the reload of check 1 has finished
        await secondCheck.WaitAsync(Timeout);

        Assert.Same(lastGood, watcher.Current);
        _reader.Empty = false;
        await _configs.PutAsync(TestData.Vs("ratings"));
        await watcher.WaitForRevisionAsync(2).WaitAsync(Timeout);
        Assert.Contains(lastGood.Configs.Keys.Single(), watcher.Current.Configs.Keys);
    }

    [Fact]
    public async Task ChangeToken_SnapshotReplaced_Fires()
    {
        var watcher = await StartWatcherAsync();
        var token = watcher.GetChangeToken();
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.RegisterChangeCallback(_ => fired.TrySetResult(), null);

        await _configs.PutAsync(TestData.Vs("reviews"));

        await fired.Task.WaitAsync(Timeout);
        Assert.True(token.HasChanged);
        Assert.False(watcher.GetChangeToken().HasChanged);
    }

    [Fact]
    public async Task Current_ReadDuringManyWrites_IsAlwaysAWholeRevision()
    {
        var watcher = await StartWatcherAsync();
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Every write adds one config, so a whole snapshot always holds exactly `revision` configs.
                var snapshot = watcher.Current;
                if (snapshot.Configs.Count != snapshot.Revision)
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });

        for (var i = 0; i < 200; i++)
        {
            await _configs.PutAsync(TestData.Vs($"vs-{i}"));
        }

        await watcher.WaitForRevisionAsync(200).WaitAsync(Timeout);
        await stop.CancelAsync();
        await reader;
        Assert.Equal(0, torn);
    }

    private async Task<SnapshotWatcher> StartWatcherAsync(SnapshotWatcherOptions? options = null)
    {
        var watcher = new SnapshotWatcher(_reader, _pubSub, options, _time);
        _watchers.Add(watcher);
        await watcher.StartAsync();
        return watcher;
    }

    /// <summary>Re-reads the last-known-good file on each change of it (SnapshotFile writes a temporary file and renames it over).</summary>
    private static async Task WaitForFileRevisionAsync(string file, long revision)
    {
        using var changed = new ChangeSignal().Watch(Path.GetDirectoryName(file)!, $"*{Path.GetFileName(file)}*");
        Assert.True(
            await changed.WaitUntilAsync(() => Task.FromResult(File.Exists(file) && File.ReadAllText(file).Contains($"\"revision\":{revision},", StringComparison.Ordinal)), Timeout),
            $"{file} did not reach revision {revision} within {Timeout.TotalSeconds} s");
    }
}
