using System.Diagnostics;
using System.Net;
using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Ingress.Hosting;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Bench.Policy;

/// <summary>
/// Three real ingresses in this process, identical but for their policy: none, 10 Mixer check rules, and 9 check
/// rules plus a redisquota counted in a real redis-server. Each round sends the same sequence of requests through each
/// (the order rotates per round) with one reused HttpContext, as Kestrel reuses one per connection, and times every
/// request: <c>/direct</c> is answered by the route after the policy step, <c>/fwd</c> is forwarded over loopback to a
/// canned upstream. Prints per round p50/p99/mean and bytes per request, then the medians over the rounds and each
/// case's overhead over "none" on the same path.
/// </summary>
internal static class PolicyCostBenchmark
{
    private static readonly string[] Users = ["jason", "alice", "bob", "carol", "dave", "erin"];

    public static async Task RunAsync(int rounds, int requests)
    {
        await using var redis = await RedisServer.StartAsync();
        using var upstream = new CannedUpstream();
        var cases = new[]
        {
            await IngressCase.StartAsync("none", PolicyCases.Routes, upstream.Port, null),
            await IngressCase.StartAsync("10-checks", Yaml(PolicyCases.Routes, PolicyCases.NineChecks, PolicyCases.TenthCheck), upstream.Port, null),
            await IngressCase.StartAsync("9-checks+redisquota", Yaml(PolicyCases.Routes, PolicyCases.NineChecks, PolicyCases.RedisQuota), upstream.Port, redis.ConnectionString),
        };
        try
        {
            foreach (var c in cases)
            {
                await c.MeasureAsync("/direct/x", Users, requests / 2);
                await c.MeasureAsync("/fwd/x", Users, requests / 2);
            }

            var results = new List<(string Case, string Path, Stats Stats)>();
            Console.WriteLine($"{"round",5} {"case",-22} {"path",-8} {"p50 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"mean µs",9} {"B/req",7}");
            for (var round = 1; round <= rounds; round++)
            {
                for (var i = 0; i < cases.Length; i++)
                {
                    var c = cases[(i + round) % cases.Length];
                    foreach (var path in new[] { "/direct/x", "/fwd/x" })
                    {
                        var stats = await c.MeasureAsync(path, Users, requests);
                        results.Add((c.Name, path, stats));
                        Console.WriteLine($"{round,5} {c.Name,-22} {path,-8} {stats.P50,9:0.00} {stats.P99,9:0.00} {stats.P999,9:0.00} {stats.Mean,9:0.00} {stats.BytesPerRequest,7:0}");
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"medians over {rounds} rounds, {requests} requests each; overhead = case - none on the same path");
            Console.WriteLine($"{"case",-22} {"path",-8} {"p50 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"mean µs",9} {"B/req",7} {"Δmean µs",9} {"Δp50 µs",9} {"Δp99 µs",9} {"mean x",7}");
            foreach (var path in new[] { "/direct/x", "/fwd/x" })
            {
                var none = Median(results, "none", path);
                foreach (var c in cases)
                {
                    var m = Median(results, c.Name, path);
                    Console.WriteLine($"{c.Name,-22} {path,-8} {m.P50,9:0.00} {m.P99,9:0.00} {m.P999,9:0.00} {m.Mean,9:0.00} {m.BytesPerRequest,7:0} " +
                        $"{m.Mean - none.Mean,9:0.00} {m.P50 - none.P50,9:0.00} {m.P99 - none.P99,9:0.00} {m.Mean / none.Mean,7:0.00}");
                }
            }
        }
        finally
        {
            foreach (var c in cases)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static string Yaml(params string[] documents) => string.Join("\n---\n", documents.Select(d => d.Trim('\n')));

    private static Stats Median(List<(string Case, string Path, Stats Stats)> results, string name, string path)
    {
        var all = results.Where(r => r.Case == name && r.Path == path).Select(r => r.Stats).ToList();
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new Stats(Mid(all.Select(s => s.P50)), Mid(all.Select(s => s.P99)), Mid(all.Select(s => s.P999)), Mid(all.Select(s => s.Mean)), Mid(all.Select(s => s.BytesPerRequest)));
    }

    internal sealed record Stats(double P50, double P99, double P999, double Mean, double BytesPerRequest);

    /// <summary>One in-process ingress with its mesh state in memory (quota counters in Redis when given).</summary>
    private sealed class IngressCase : IAsyncDisposable
    {
        private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

        private readonly WebApplication _app;
        private readonly RequestDelegate _pipeline;
        private readonly HttpContext _context;
        private readonly HttpRequestFeature _request = new();
        private readonly HttpResponseFeature _response = new();
        private readonly RedisMeshConnection? _redis;

        private IngressCase(string name, WebApplication app, RedisMeshConnection? redis)
        {
            Name = name;
            _app = app;
            _redis = redis;
            _pipeline = ((IApplicationBuilder)app).Build();
            var features = new FeatureCollection();
            features.Set<IHttpRequestFeature>(_request);
            features.Set<IHttpResponseFeature>(_response);
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());
            features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback, LocalPort = 31380, RemotePort = 40000 });
            _context = new DefaultHttpContext(features);
        }

        public string Name { get; }

        public static async Task<IngressCase> StartAsync(string name, string yaml, int upstreamPort, string? redis)
        {
            var connection = redis is null ? null : new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis, KeyPrefix = $"bench-{name}:" });
            var app = IngressApp.Create(["--redis", "127.0.0.1:1", "--http-port", "0", "--https-port", "0", "--admin-port", "0"], services =>
            {
                if (connection is not null)
                {
                    services.AddSingleton<IQuotaCounters>(new RedisQuotaCounters(connection));
                }

                services.AddInMemoryMeshState(); // registered first: the ingress's Redis registrations are TryAdd
                services.AddLogging(logging => logging.ClearProviders());
            });
            await app.StartAsync();
            var parsed = ConfigParser.Parse(yaml, "bench");
            if (!parsed.Succeeded)
            {
                throw new InvalidOperationException(string.Join("\n", parsed.Errors));
            }

            var store = app.Services.GetRequiredService<IConfigStore>();
            foreach (var resource in parsed.Resources)
            {
                await store.PutAsync(resource);
            }

            await app.Services.GetRequiredService<IServiceRegistry>().RegisterAsync(
                new ServiceInstance
                {
                    Service = "productpage",
                    Namespace = "default",
                    InstanceId = "productpage-bench",
                    Address = "127.0.0.1",
                    Port = upstreamPort,
                    Labels = new ValueMap<string, string>([KeyValuePair.Create("app", "productpage"), KeyValuePair.Create("version", "v1")]),
                },
                TimeSpan.FromHours(1));
            var ingress = new IngressCase(name, app, connection);
            await ingress.WaitReadyAsync();
            return ingress;
        }

        /// <summary>Until both paths answer 200 (the config and the instance have reached the proxy).</summary>
        private async Task WaitReadyAsync()
        {
            var deadline = DateTime.UtcNow + Startup;
            foreach (var path in new[] { "/direct/x", "/fwd/x" })
            {
                while (true)
                {
                    await SendAsync(path, "jason");
                    if (_response.StatusCode == 200)
                    {
                        break;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        throw new InvalidOperationException($"{Name}: {path} still answers {_response.StatusCode} after {Startup}");
                    }

                    await Task.Delay(50);
                }
            }
        }

        public async Task<Stats> MeasureAsync(string path, string[] users, int count)
        {
            var times = new double[count];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await SendAsync(path, users[i % users.Length]);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (_response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"{Name}: {path} answered {_response.StatusCode}");
                }
            }

            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
            Array.Sort(times);
            return new Stats(Percentile(times, 50), Percentile(times, 99), Percentile(times, 99.9), times.Average(), bytes);
        }

        private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

        private Task SendAsync(string path, string user)
        {
            var request = _request;
            request.Method = "GET";
            request.Scheme = "http";
            request.Protocol = "HTTP/1.1";
            request.Path = path;
            request.RawTarget = path;
            request.QueryString = "";
            request.Headers.Clear();
            request.Headers.Host = "bookinfo.example";
            request.Headers.UserAgent = "bench/1.0";
            request.Headers["x-user"] = user;
            _response.StatusCode = 200;
            _response.ReasonPhrase = null;
            _response.Headers.Clear();
            return _pipeline(_context);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }
}
