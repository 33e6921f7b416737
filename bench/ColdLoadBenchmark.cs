using System.Diagnostics;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Infrastructure;

namespace GatewayMesh.Bench;

/// <summary>
/// Cold snapshot load: a new process-like connection loads the whole mesh (services x instances, VirtualServices) and
/// a watcher reaches it. Reports the median of several runs for time, and the managed memory the snapshot retains.
/// </summary>
internal static class ColdLoadBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        await using var redis = await RedisServer.StartAsync();
        await using (var writer = new MeshConnection(redis.ConnectionString))
        {
            await PopulateAsync(writer, options);
        }

        var loadTimes = new List<double>();
        var watcherTimes = new List<double>();
        var retained = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            await using var proxy = new MeshConnection(redis.ConnectionString);
            await proxy.Reader.GetRevisionAsync(); // connect outside the timed part

            var before = RetainedBytes();
            var started = Stopwatch.GetTimestamp();
            var snapshot = await proxy.Reader.LoadSnapshotAsync();
            loadTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            retained.Add((RetainedBytes() - before) / (1024.0 * 1024.0));
            GC.KeepAlive(snapshot);

            started = Stopwatch.GetTimestamp();
            await using var watcher = new SnapshotWatcher(proxy.Reader, proxy.PubSub);
            await watcher.StartAsync();
            watcherTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"# cold load: {options.Services} services, {options.Instances} instances, {options.VirtualServices} VirtualServices; median of {options.Runs} runs");
        Console.WriteLine($"snapshot load (MULTI/EXEC + decode): {Percentiles.Median(loadTimes):F1} ms (min {loadTimes.Min():F1}, max {loadTimes.Max():F1})");
        Console.WriteLine($"watcher start (subscribe + load):    {Percentiles.Median(watcherTimes):F1} ms");
        Console.WriteLine($"snapshot retained managed memory:    {Percentiles.Median(retained):F1} MiB");
    }

    private static async Task PopulateAsync(MeshConnection writer, BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var writes = new List<Task>();
        for (var i = 0; i < options.VirtualServices; i++)
        {
            writes.Add(writer.Configs.PutAsync(SampleMesh.VirtualService($"svc-{i % options.Services}-{i / options.Services}")).AsTask());
        }

        for (var i = 0; i < options.Instances; i++)
        {
            writes.Add(writer.Registry.RegisterAsync(SampleMesh.Instance($"svc-{i % options.Services}", i), TimeSpan.FromHours(1)).AsTask());
        }

        await Task.WhenAll(writes);
        Console.WriteLine($"# populated {writes.Count} objects in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    private static long RetainedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
