using System.Diagnostics;
using System.Globalization;
using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Bench.Policy;
using GatewayMesh.Bench.Shared;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>
/// A whole forwarded request in instructions: each case (metrics-off, metrics) runs in its own process under
/// callgrind, warms up, runs one window of N requests that is discarded (the first after instrumentation is switched on
/// lasts several times longer, and carried tens of millions of extra instructions), then counts three windows, each
/// ended by a dump: N forwarded requests, 2N forwarded requests, and an idle window as long as the first. Every instruction of the process in a window counts (the ingress's
/// pipeline, the loopback upstream it forwards to, the runtime, all threads). The 2N − N difference cancels what a
/// window costs whatever its length (the dump commands); the idle window gives the background rate per second
/// (timers, idle workers), which is subtracted for the difference in wall time. Tiered compilation is off (every
/// method compiled before the windows) and gen0 is large enough that no collection starts inside them.
/// </summary>
internal static class InstructionCount
{
    public const string ChildSwitch = "--instructions-child";

    public static readonly string[] Cases = ["metrics-off", "metrics"];

    /// <summary>Runs every case under callgrind (all at once: counts do not depend on load) and prints instructions and bytes per request.</summary>
    public static async Task<int> RunAsync(int requests, int repeats)
    {
        var outDir = Directory.CreateTempSubdirectory("gm-callgrind-");
        try
        {
            var runs = new List<(string Case, int Repeat, Task<string> Run, string OutFile)>();
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                foreach (var name in Cases)
                {
                    var outFile = Path.Combine(outDir.FullName, $"{name}-{repeat}.out");
                    runs.Add((name, repeat, Callgrind.RunAsync(outFile, separateThreads: false, ChildSwitch, name, "--requests", requests.ToString(CultureInfo.InvariantCulture)), outFile));
                }
            }

            await Task.WhenAll(runs.Select(r => r.Run));
            Console.WriteLine($"whole process, callgrind Ir, windows of N = {requests} and 2N forwarded requests (/fwd) and an idle window; per request = (2N window - N window) / N:");
            Console.WriteLine($"{"case",-12} {"repeat",6} {"Ir/req N",10} {"Ir/req 2N",10} {"Ir/req diff",12} {"bg Ir/s",10} {"s N,2N",12} {"Ir/req bg-corr",15} {"B/req",7}");
            var perCase = new Dictionary<string, List<double>>();
            foreach (var (name, repeat, run, outFile) in runs)
            {
                var output = await run;
                var parts = Callgrind.ReadParts(outFile);
                long Window(int part) => parts.Where(p => p.Part == part + 1).Sum(p => p.Instructions); // part 1 is the discarded first window
                var seconds = Line(output, "window-seconds ").Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                var background = Window(3) / seconds[2];
                var difference = (Window(2) - Window(1)) / (double)requests;
                var corrected = (Window(2) - Window(1) - background * (seconds[1] - seconds[0])) / requests;
                perCase.TryAdd(name, []);
                perCase[name].Add(corrected);
                var windowSeconds = string.Create(CultureInfo.InvariantCulture, $"{seconds[0]:0}/{seconds[1]:0}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-12} {repeat,6} {Window(1) / (double)requests,10:N0} {Window(2) / (2.0 * requests),10:N0} {difference,12:N0} {background,10:N0} {windowSeconds,12} {corrected,15:N0} {Line(output, "bytes-per-request "),7}"));
            }

            var off = perCase["metrics-off"].Average();
            var on = perCase["metrics"].Average();
            var spread = perCase.Values.Max(v => (v.Max() - v.Min()) / v.Min());
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"forwarded request (background-corrected): metrics-off {off:N0} Ir, metrics {on:N0} Ir; on - off {on - off:N0} Ir ({(on - off) / off:P2}); largest spread between repeats of one case {spread:P2}"));
            Console.WriteLine("User-space instructions only (callgrind does not see the kernel's socket work), and the client's socket and HTTP parsing are not in the window: a real request costs more, so a share of this figure is an upper bound.");
            return 0;
        }
        finally
        {
            Callgrind.CleanUp(outDir);
        }
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    /// <summary>The process under callgrind: one case, warmed up, its three windows each ended by a dump.</summary>
    public static async Task<int> RunChildAsync(string name, int requests)
    {
        using var upstream = new CannedUpstream();
        var yaml = name == "metrics-off" ? PolicyCases.Routes + "\n---\n" + TelemetryCostBenchmark.MetricsOff : PolicyCases.Routes;
        await using var ingress = await IngressCase.StartAsync(name, yaml, upstream.Port, null);
        await ingress.MeasureAsync("/fwd/x", ["jason"], 2_000); // every method of the path compiled, the edge created
        Callgrind.Control("-i", "on");
        await ingress.MeasureAsync("/fwd/x", ["jason"], requests); // valgrind instruments every block again: slow, and what runs by the clock meanwhile (the thread pool's injection) lands here
        Callgrind.Control("--dump=discarded");
        var clock = Stopwatch.StartNew();
        await ingress.MeasureAsync("/fwd/x", ["jason"], requests);
        Callgrind.Control("--dump=fwd-1x");
        var once = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var stats = await ingress.MeasureAsync("/fwd/x", ["jason"], 2 * requests);
        Callgrind.Control("--dump=fwd-2x");
        var twice = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(once, 120)));
        Callgrind.Control("--dump=idle");
        var idle = clock.Elapsed.TotalSeconds;
        Callgrind.Control("-i", "off");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window-seconds {once:0.000} {twice:0.000} {idle:0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes-per-request {stats.BytesPerRequest:0.0}"));
        return 0;
    }
}
