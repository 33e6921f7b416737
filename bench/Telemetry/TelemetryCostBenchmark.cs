using System.Diagnostics;
using System.Net;
using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Bench.Policy;
using GatewayMesh.Bench.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>
/// The telemetry steps' cost on four real ingresses in this process, identical but for telemetry: standard metrics
/// turned off by a mesh-wide Telemetry resource (the baseline; the peer-metadata steps still run, as they must for
/// security), Istio's standard metrics (the default), metrics plus tracing at 1 % sampling (the mesh default) and at
/// 100 %, the spans exported over OTLP/HTTP to a loopback receiver. Each round sends the same requests through each
/// (the order rotates per round) and times every request, on <c>/direct</c> (answered by the route) and <c>/fwd</c>
/// (forwarded to a canned upstream). Prints each round, then medians over the rounds and each case's overhead over
/// the baseline of the same round (requests per second of the one sequential client, p99, p50, process CPU time per
/// request), as the median over rounds.
/// </summary>
internal static class TelemetryCostBenchmark
{
    private static readonly string[] Users = ["jason"];

    /// <summary>Every standard metric off, mesh-wide: the record step returns at once.</summary>
    internal const string MetricsOff = """
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: mesh-default, namespace: istio-system}
        spec:
          metrics:
          - providers: [{name: prometheus}]
            overrides: [{disabled: true}]
        """;

    /// <param name="only">The cases to run (metrics-off always runs: it is the baseline); null for all. The 100 % tracing
    /// case keeps its exporter busy after its own turn, which slows whichever case follows it: leave it out when
    /// measuring the others.</param>
    public static async Task RunAsync(int rounds, int requests, string[]? only = null)
    {
        using var upstream = new CannedUpstream();
        await using var receiver = await OtlpSink.StartAsync();
        string[] Tracing(string percent) =>
            ["--OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url, "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "--Telemetry:TraceSampling", percent];
        var all = new (string Name, Func<Task<IngressCase>> Start)[]
        {
            ("metrics-off", () => IngressCase.StartAsync("metrics-off", PolicyCases.Routes + "\n---\n" + MetricsOff, upstream.Port, null)),
            ("metrics", () => IngressCase.StartAsync("metrics", PolicyCases.Routes, upstream.Port, null)),
            ("metrics+trace-1%", () => IngressCase.StartAsync("metrics+trace-1%", PolicyCases.Routes, upstream.Port, null, Tracing("1"))),
            ("metrics+trace-100%", () => IngressCase.StartAsync("metrics+trace-100%", PolicyCases.Routes, upstream.Port, null, Tracing("100"))),
        };
        var cases = new List<IngressCase>();
        foreach (var (name, start) in all.Where(c => c.Name == "metrics-off" || only is null || only.Contains(c.Name)))
        {
            cases.Add(await start());
        }

        try
        {
            foreach (var c in cases)
            {
                await c.MeasureAsync("/direct/x", Users, requests / 2);
                await c.MeasureAsync("/fwd/x", Users, requests / 2);
            }

            var results = new List<(int Round, string Case, string Path, Stats Stats, double CpuMicroseconds)>();
            Console.WriteLine($"{"round",5} {"case",-20} {"path",-8} {"req/s",8} {"p50 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"mean µs",9} {"B/req",7} {"CPU µs/req",10}");
            for (var round = 1; round <= rounds; round++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    var c = cases[(i + round) % cases.Count];
                    foreach (var path in new[] { "/direct/x", "/fwd/x" })
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var stats = await c.MeasureAsync(path, Users, requests);
                        var cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / requests;
                        results.Add((round, c.Name, path, stats, cpuPerRequest));
                        Console.WriteLine($"{round,5} {c.Name,-20} {path,-8} {stats.RequestsPerSecond,8:0} {stats.P50,9:0.00} {stats.P99,9:0.00} {stats.P999,9:0.00} {stats.Mean,9:0.00} {stats.BytesPerRequest,7:0} {cpuPerRequest,10:0.00}");
                    }
                }
            }

            // Ratios and differences are taken per round (each case against metrics-off measured in the same round, so
            // a load change between rounds hits both), then the median over rounds.
            Console.WriteLine();
            Console.WriteLine($"medians over {rounds} rounds, {requests} requests each; per round: x = case / metrics-off, Δ = case - metrics-off (same path)");
            Console.WriteLine($"{"case",-20} {"path",-8} {"req/s",8} {"p50 µs",9} {"p99 µs",9} {"mean µs",9} {"B/req",7} {"CPU µs",8} {"req/s x",8} {"Δp99 µs",9} {"Δp50 µs",9} {"CPU x",6} {"req/s x 95% CI",16}");
            foreach (var path in new[] { "/direct/x", "/fwd/x" })
            {
                foreach (var c in cases)
                {
                    var rows = results.Where(r => r.Case == c.Name && r.Path == path).ToList();
                    var m = Stats.Median(rows.Select(r => r.Stats).ToList());
                    var paired = rows.Select(r => (Case: r, Off: results.Single(o => o.Round == r.Round && o.Case == "metrics-off" && o.Path == path))).ToList();
                    Console.WriteLine($"{c.Name,-20} {path,-8} {m.RequestsPerSecond,8:0} {m.P50,9:0.00} {m.P99,9:0.00} {m.Mean,9:0.00} {m.BytesPerRequest,7:0} {Mid(rows.Select(r => r.CpuMicroseconds)),8:0.00} " +
                        $"{Mid(paired.Select(p => p.Case.Stats.RequestsPerSecond / p.Off.Stats.RequestsPerSecond)),8:0.000} " +
                        $"{Mid(paired.Select(p => p.Case.Stats.P99 - p.Off.Stats.P99)),9:0.00} {Mid(paired.Select(p => p.Case.Stats.P50 - p.Off.Stats.P50)),9:0.00} " +
                        $"{Mid(paired.Select(p => p.Case.CpuMicroseconds / p.Off.CpuMicroseconds)),6:0.00} " +
                        $"{Interval(paired.Select(p => p.Case.Stats.RequestsPerSecond / p.Off.Stats.RequestsPerSecond)),16}");
                }
            }

            Console.WriteLine($"OTLP sink: {receiver.Posts} posts, {receiver.Bytes} bytes of spans");
        }
        finally
        {
            foreach (var c in cases)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// A distribution-free 95 % confidence interval of the median of <paramref name="values"/> (the per-round paired
    /// ratios): the order statistics k and n+1-k, with k the largest such that P(Binomial(n, ½) &lt; k) ≤ 2.5 %.
    /// Needs at least 6 rounds; fewer give "n/a".
    /// </summary>
    internal static string Interval(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var k = 0;
        var cumulative = 0.0;
        for (var i = 0; i < n; i++)
        {
            cumulative += Binomial(n, i) * Math.Pow(0.5, n);
            if (cumulative > 0.025)
            {
                break;
            }

            k = i + 1;
        }

        return k == 0 ? "n/a" : $"[{sorted[k - 1]:0.000}, {sorted[n - k]:0.000}]";
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    /// <summary>An OTLP/HTTP endpoint on loopback that accepts and counts what the exporters send (bodies read, not kept).</summary>
    private sealed class OtlpSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _posts;
        private long _bytes;

        private OtlpSink(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public long Posts => Interlocked.Read(ref _posts);

        public long Bytes => Interlocked.Read(ref _bytes);

        public static async Task<OtlpSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var sink = new OtlpSink(app);
            app.MapPost("/v1/traces", async (HttpContext context) =>
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    Interlocked.Add(ref sink._bytes, read);
                }

                Interlocked.Increment(ref sink._posts);
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
            return sink;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
