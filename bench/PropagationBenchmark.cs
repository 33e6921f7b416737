using System.Diagnostics;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Bench;

/// <summary>
/// Propagation latency: from the moment the registry's write is issued to each of N watchers in one process holding a
/// snapshot at that revision. The clock starts before the write call, so the figure includes the write's own round trip.
/// Writes go one at a time: the next starts when every watcher has the previous one, so no latency is queueing.
/// </summary>
internal static class PropagationBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine($"# propagation: write accepted -> watcher holds snapshot, {options.Writes} writes per run (ms)");
        Console.WriteLine($"{"watchers",8} {"samples",8} {"p50",8} {"p90",8} {"p99",8} {"max",8}");
        await using var redis = await RedisServer.StartAsync();
        foreach (var count in options.Watchers)
        {
            var latencies = await MeasureAsync(redis.ConnectionString, count, options.Writes);
            latencies.Sort();
            Console.WriteLine($"{count,8} {latencies.Count,8} {Percentiles.Of(latencies, 50),8:F2} {Percentiles.Of(latencies, 90),8:F2} {Percentiles.Of(latencies, 99),8:F2} {latencies[^1],8:F2}");
        }
    }

    private static async Task<List<double>> MeasureAsync(string connectionString, int watcherCount, int writes)
    {
        await using var writer = new MeshConnection(connectionString);
        await using var proxies = new MeshConnection(connectionString);
        var watchers = new List<(SnapshotWatcher Watcher, RevisionClock Clock)>();
        try
        {
            for (var i = 0; i < watcherCount; i++)
            {
                var watcher = new SnapshotWatcher(proxies.Reader, proxies.PubSub);
                await watcher.StartAsync();
                watchers.Add((watcher, new RevisionClock(watcher)));
            }

            // Warm up the write path and the scripts.
            var start = await WriteAsync(writer, "warmup", 0);
            await Task.WhenAll(watchers.Select(w => w.Watcher.WaitForRevisionAsync(start)));

            var latencies = new List<double>(writes * watcherCount);
            for (var i = 0; i < writes; i++)
            {
                var issued = Stopwatch.GetTimestamp();
                var revision = await WriteAsync(writer, $"vs-{i % 50}", i);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await Task.WhenAll(watchers.Select(w => w.Watcher.WaitForRevisionAsync(revision, timeout.Token)));
                latencies.AddRange(watchers.Select(w => Stopwatch.GetElapsedTime(issued, w.Clock.SeenAt(revision)).TotalMilliseconds));
            }

            return latencies;
        }
        finally
        {
            foreach (var (watcher, clock) in watchers)
            {
                clock.Dispose();
                await watcher.DisposeAsync();
            }
        }
    }

    private static async Task<long> WriteAsync(MeshConnection writer, string name, int i)
    {
        var stored = await writer.Configs.PutAsync(SampleMesh.VirtualService(name, weight: i % 99 + 1));
        return long.Parse(stored.Metadata.ResourceVersion!);
    }

    /// <summary>Records, for each revision, the first moment the watcher held it (a batch may cover several).</summary>
    private sealed class RevisionClock : IDisposable
    {
        private readonly Dictionary<long, long> _seenAt = [];
        private readonly IDisposable _subscription;
        private long _recorded;

        public RevisionClock(SnapshotWatcher watcher)
        {
            _recorded = watcher.Current.Revision;
            _subscription = ChangeToken.OnChange(watcher.GetChangeToken, () =>
            {
                var now = Stopwatch.GetTimestamp();
                var revision = watcher.Current.Revision;
                lock (_seenAt)
                {
                    for (var r = _recorded + 1; r <= revision; r++)
                    {
                        _seenAt[r] = now;
                    }

                    _recorded = Math.Max(_recorded, revision);
                }
            });
        }

        /// <summary>The waiter and this clock hear of the same swap separately; give the clock's callback a moment to land.</summary>
        public long SeenAt(long revision)
        {
            var spin = new SpinWait();
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
            while (true)
            {
                lock (_seenAt)
                {
                    if (_seenAt.TryGetValue(revision, out var seenAt))
                    {
                        return seenAt;
                    }
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"revision {revision} was never recorded");
                }

                spin.SpinOnce();
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
