using System.Diagnostics;
using System.Globalization;
using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Bench.Policy;
using GatewayMesh.Bench.Shared;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>
/// The telemetry cost in instructions, which load on a shared machine cannot move: each case (metrics-off, metrics)
/// runs in its own process under <c>valgrind --tool=callgrind</c> with instrumentation off, warms up, then turns
/// callgrind's counting on (<c>callgrind_control -i on</c>) for exactly its measured loop of forwarded requests and
/// off after it. Every instruction of the process in that window is counted: the ingress's pipeline, the loopback
/// upstream it forwards to, the runtime, the GC and timers, all threads. Tiered compilation is off (every method is
/// compiled once, fully optimized, before the window) and gen0 is large enough that no collection starts inside it.
/// Background work (idle thread-pool workers spinning, timers) still counts and grows with the window's wall time, so
/// on a loaded machine repeats of one case can differ by more than the effect: compare repeats before reading a result.
/// </summary>
internal static class InstructionCount
{
    public static readonly string[] Cases = ["metrics-off", "metrics"];

    /// <summary>Runs every case under callgrind (both at once: counts do not depend on load) and prints instructions and bytes per request.</summary>
    public static async Task<int> RunAsync(int requests, int repeats)
    {
        var dll = typeof(InstructionCount).Assembly.Location;
        var outDir = Directory.CreateTempSubdirectory("gm-callgrind-");
        try
        {
            var runs = new List<(string Case, int Repeat, Task<Result> Run)>();
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                foreach (var name in Cases)
                {
                    runs.Add((name, repeat, RunChildAsync(dll, name, requests, Path.Combine(outDir.FullName, $"{name}-{repeat}.out"))));
                }
            }

            await Task.WhenAll(runs.Select(r => r.Run));
            Console.WriteLine($"instructions (callgrind Ir) in the measured window of {requests} forwarded requests (/fwd), per case and repeat:");
            Console.WriteLine($"{"case",-12} {"repeat",6} {"Ir total",16} {"Ir/request",12} {"B/request",10}");
            foreach (var (name, repeat, run) in runs)
            {
                var r = run.Result;
                Console.WriteLine($"{name,-12} {repeat,6} {r.Instructions,16:N0} {r.Instructions / (double)requests,12:N0} {r.BytesPerRequest,10:0.0}");
            }

            double Mean(string name, Func<Result, double> figure) => runs.Where(r => r.Case == name).Average(r => figure(r.Run.Result));
            var off = Mean("metrics-off", r => r.Instructions) / requests;
            var on = Mean("metrics", r => r.Instructions) / requests;
            var spread = runs.GroupBy(r => r.Case).Max(g => (g.Max(r => r.Run.Result.Instructions) - g.Min(r => r.Run.Result.Instructions)) / (double)g.Min(r => r.Run.Result.Instructions));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"metrics on - off: {on - off:N0} instructions per forwarded request ({(on - off) / off:P2} of {off:N0}); bytes per request {Mean("metrics-off", r => r.BytesPerRequest):0.0} -> {Mean("metrics", r => r.BytesPerRequest):0.0}; largest spread between repeats of one case {spread:P3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput at equal CPU, on / off = {off / on:0.0000} (instructions as the measure of CPU; the window excludes the client's socket and HTTP parsing, so the share is an upper bound of a real proxy's)"));
            return 0;
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    private sealed record Result(long Instructions, double BytesPerRequest);

    private static async Task<Result> RunChildAsync(string dll, string name, int requests, string outFile)
    {
        var start = new ProcessStartInfo("valgrind")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--tool=callgrind", "--instr-atstart=no", $"--callgrind-out-file={outFile}", "dotnet", dll, "--instructions-child", name, "--requests", requests.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // valgrind cannot follow the runtime's double-mapped code
        start.Environment["DOTNET_TieredCompilation"] = "0"; // compiled once, before the window
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_GCgen0size"] = "0x30000000"; // no collection inside the window
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} under callgrind exited {process.ExitCode}:\n{output}\n{await stderr}");
        }

        var bytes = output.Split('\n').Single(l => l.StartsWith("bytes-per-request ", StringComparison.Ordinal))["bytes-per-request ".Length..];
        var totals = File.ReadLines(outFile).Last(l => l.StartsWith("totals:", StringComparison.Ordinal) || l.StartsWith("summary:", StringComparison.Ordinal));
        return new Result(long.Parse(totals.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture), double.Parse(bytes, CultureInfo.InvariantCulture));
    }

    /// <summary>The process under callgrind: one case, warmed up, its measured loop between the two toggles.</summary>
    public static async Task<int> RunChildAsync(string name, int requests)
    {
        using var upstream = new CannedUpstream();
        var yaml = name == "metrics-off" ? PolicyCases.Routes + "\n---\n" + TelemetryCostBenchmark.MetricsOff : PolicyCases.Routes;
        await using var ingress = await IngressCase.StartAsync(name, yaml, upstream.Port, null);
        await ingress.MeasureAsync("/fwd/x", ["jason"], 2_000); // every method of the path compiled, the edge created
        await ToggleAsync("on");
        var stats = await ingress.MeasureAsync("/fwd/x", ["jason"], requests);
        await ToggleAsync("off");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes-per-request {stats.BytesPerRequest}"));
        return 0;
    }

    private static async Task ToggleAsync(string state)
    {
        using var control = Process.Start(new ProcessStartInfo("callgrind_control", ["-i", state, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = await control.StandardOutput.ReadToEndAsync();
        await control.WaitForExitAsync();
        if (control.ExitCode != 0)
        {
            throw new InvalidOperationException($"callgrind_control -i {state} exited {control.ExitCode}: {output}");
        }
    }
}
