using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Bench.Shared;
using GatewayMesh.IntegrationTests.Infrastructure;

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

    private static Stats Median(List<(string Case, string Path, Stats Stats)> results, string name, string path) =>
        Stats.Median(results.Where(r => r.Case == name && r.Path == path).Select(r => r.Stats).ToList());
}
