using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dapr.Client;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Sidecar.Dapr.Hosting;
using GatewayMesh.Sidecar.Dapr.State;
using GatewayMesh.Sidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatewayMesh.Bench.Dapr;

/// <summary>
/// The Dapr API's cost over talking to Redis yourself, side by side in one run (the two alternate, operation by
/// operation): state save (the SDK's <c>SaveStateAsync</c> through the sidecar vs the same Lua script sent straight to
/// Redis), state get (<c>GetStateAsync</c> vs <c>HGETALL</c>), and publish → deliver (<c>PublishEventAsync</c> until the
/// app's <c>[Topic]</c> handler runs vs <c>XADD</c> until a consumer blocked in <c>XREADGROUP</c> on its own connection
/// has it). Everything on loopback; figures are milliseconds per operation.
/// </summary>
internal static class DaprBenchmark
{
    public sealed record Payload(string Id, int Quantity, string Note);

    public static async Task RunAsync(int iterations, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("gatewaymesh-dapr-bench-").FullName;
        await using var redis = await RedisServer.StartAsync();
        using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var resources = Path.Combine(directory, "resources");
        Directory.CreateDirectory(resources);
        await File.WriteAllTextAsync(Path.Combine(resources, "components.yaml"), $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: statestore}
            spec:
              type: state.redis
              version: v1
              metadata:
              - {name: redisHost, value: "{{redis.ConnectionString}}"}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: pubsub}
            spec:
              type: pubsub.redis
              version: v1
              metadata:
              - {name: redisHost, value: "{{redis.ConnectionString}}"}
            """);

        var delivered = new ConcurrentDictionary<string, TaskCompletionSource>();
        await using var app = await StartSubscriberAsync(delivered);
        var sidecar = SidecarApp.Create(
        [
            "--service", "bench", "--app-port", app.Urls.Select(u => new Uri(u).Port).First().ToString(),
            "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0",
            "--redis", redis.ConnectionString, "--key-prefix", "bench-mesh:",
            "--dapr-http-port", "0", "--dapr-grpc-port", "0", "--dapr-resources-path", resources,
        ], services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        await sidecar.StartAsync();
        try
        {
            var listeners = sidecar.Services.GetRequiredService<DaprListeners>();
            using var client = new DaprClientBuilder().UseGrpcEndpoint(listeners.GrpcUri!.ToString()).UseHttpEndpoint(listeners.HttpUri!.ToString()).Build();
            await client.WaitForSidecarAsync();
            await sidecar.Services.GetRequiredService<GatewayMesh.Sidecar.Dapr.Subscriptions.SubscriptionManager>().WhenSubscribedAsync();
            await using var consumer = await DirectConsumer.StartAsync(redis.ConnectionString);
            var db = direct.GetDatabase();
            var value = new Payload("order", 3, new string('x', 64));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);

            Console.WriteLine($"Dapr API vs straight Redis, {iterations} operations of each per run, {runs} runs (ms per operation)");
            Console.WriteLine("| run | operation | sidecar median | sidecar p99 | Redis median | Redis p99 | ratio (median) |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
            var medians = new Dictionary<string, List<(double Sidecar, double Redis)>>();
            for (var run = 1; run <= runs; run++)
            {
                var save = await AlternateAsync(iterations,
                    i => client.SaveStateAsync("statestore", $"k{i % 100}", value),
                    i => db.ScriptEvaluateAsync(StateScripts.Apply, [(RedisKey)$"bench||d{i % 100}"], ["set", "0", bytes, "0", ""]));
                var get = await AlternateAsync(iterations,
                    i => client.GetStateAsync<Payload>("statestore", $"k{i % 100}"),
                    i => db.HashGetAllAsync($"bench||d{i % 100}"));
                var publish = await AlternateAsync(iterations,
                    async i =>
                    {
                        var id = $"s{run}-{i}";
                        var seen = delivered.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                        await client.PublishEventAsync("pubsub", "bench", value with { Id = id });
                        await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    },
                    async i =>
                    {
                        var id = $"r{run}-{i}";
                        var seen = consumer.Expect(id);
                        await db.StreamAddAsync("bench-direct", "data", id);
                        await seen.WaitAsync(TimeSpan.FromSeconds(30));
                    });
                foreach (var (name, figures) in new[] { ("state save", save), ("state get", get), ("publish → deliver", publish) })
                {
                    Console.WriteLine($"| {run} | {name} | {figures.Sidecar.Median:0.000} | {figures.Sidecar.P99:0.000} | {figures.Redis.Median:0.000} | {figures.Redis.P99:0.000} | {figures.Sidecar.Median / figures.Redis.Median:0.00}× |");
                    (medians.TryGetValue(name, out var list) ? list : medians[name] = []).Add((figures.Sidecar.Median, figures.Redis.Median));
                }
            }

            Console.WriteLine();
            foreach (var (name, list) in medians)
            {
                var sidecarMedian = Percentiles.Median(list.Select(l => l.Sidecar));
                var redisMedian = Percentiles.Median(list.Select(l => l.Redis));
                Console.WriteLine($"median of run medians, {name}: sidecar {sidecarMedian:0.000} ms, Redis {redisMedian:0.000} ms, ratio {sidecarMedian / redisMedian:0.00}×");
            }
        }
        finally
        {
            await sidecar.StopAsync();
            await sidecar.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record Figures(double Median, double P99);

    /// <summary>Operation i of the sidecar, then operation i straight to Redis, and so on: both see the same machine.</summary>
    private static async Task<(Figures Sidecar, Figures Redis)> AlternateAsync(int iterations, Func<int, Task> sidecar, Func<int, Task> redis)
    {
        for (var i = 0; i < Math.Min(200, iterations); i++) // warm-up: connections, JIT, script cache
        {
            await sidecar(i);
            await redis(i);
        }

        var a = new List<double>(iterations);
        var b = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await sidecar(i);
            a.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await redis(i);
            b.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        a.Sort();
        b.Sort();
        return (new Figures(Percentiles.Of(a, 50), Percentiles.Of(a, 99)), new Figures(Percentiles.Of(b, 50), Percentiles.Of(b, 99)));
    }

    private static async Task<WebApplication> StartSubscriberAsync(ConcurrentDictionary<string, TaskCompletionSource> delivered)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/bench", (Payload payload) =>
        {
            delivered.GetOrAdd(payload.Id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return Results.Ok();
        }).WithTopic("pubsub", "bench");
        await app.StartAsync();
        return app;
    }

    /// <summary>The baseline consumer: a group reader blocked in XREADGROUP on its own connection, acking each entry.</summary>
    private sealed class DirectConsumer : IAsyncDisposable
    {
        private readonly ConnectionMultiplexer _connection;
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _expected = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private DirectConsumer(ConnectionMultiplexer connection) => _connection = connection;

        public static async Task<DirectConsumer> StartAsync(string endpoint)
        {
            var consumer = new DirectConsumer(await ConnectionMultiplexer.ConnectAsync(endpoint));
            var db = consumer._connection.GetDatabase();
            await db.StreamCreateConsumerGroupAsync("bench-direct", "bench", "0", createStream: true);
            consumer._loop = Task.Run(consumer.LoopAsync);
            return consumer;
        }

        public Task Expect(string id) => _expected.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        private async Task LoopAsync()
        {
            var db = _connection.GetDatabase();
            while (!_stop.IsCancellationRequested)
            {
                var result = await db.ExecuteAsync("XREADGROUP", "GROUP", "bench", "bench", "COUNT", 100, "BLOCK", 1000, "STREAMS", "bench-direct", ">");
                if (result.IsNull)
                {
                    continue;
                }

                var streams = (RedisResult[])result!;
                var entries = result.Resp3Type == ResultType.Map ? (RedisResult[])streams[1]! : (RedisResult[])((RedisResult[])streams[0]!)[1]!;
                foreach (var entry in entries)
                {
                    var parts = (RedisResult[])entry!;
                    var id = (string)((RedisResult[])parts[1]!)[1]!;
                    await db.StreamAcknowledgeAsync("bench-direct", "bench", (string)parts[0]!);
                    _expected.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(3));
            }
            catch (TimeoutException)
            {
                // the blocked read ends with the connection
            }

            await _connection.DisposeAsync();
        }
    }
}
