using System.Globalization;
using GatewayMesh.Bench.Forwarding;
using GatewayMesh.Bench.Policy;
using GatewayMesh.Bench.Shared;
using GatewayMesh.Proxy.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>
/// The instructions of exactly the telemetry work of one forwarded request (<see cref="TelemetryStepLoop"/>), counted by
/// callgrind on the loop's own thread only (<c>--separate-threads=yes</c>), so neither load nor background threads
/// can move them: metrics-off and metrics, each in its own process, repeated.
/// </summary>
internal static class StepInstructionCount
{
    public const string ChildSwitch = "--telemetry-steps-child";

    /// <summary>The loop sets and clears the request's feature per iteration, as the pipeline does (<see cref="TelemetryStepLoop.PipelineRevisions"/>).</summary>
    public const string PipelineRevisionsSwitch = "--pipeline-revisions";

    public static async Task<int> RunAsync(int iterations, int repeats, bool pipelineRevisions)
    {
        var outDir = Directory.CreateTempSubdirectory("gm-callgrind-steps-");
        try
        {
            var runs = new List<(string Case, int Repeat, Task<string> Run, string OutFile)>();
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                foreach (var name in InstructionCount.Cases)
                {
                    var outFile = Path.Combine(outDir.FullName, $"{name}-{repeat}.out");
                    string[] child = [ChildSwitch, name, "--requests", iterations.ToString(CultureInfo.InvariantCulture), .. pipelineRevisions ? new[] { PipelineRevisionsSwitch } : []];
                    runs.Add((name, repeat, Callgrind.RunAsync(outFile, separateThreads: true, child), outFile));
                }
            }

            await Task.WhenAll(runs.Select(r => r.Run));
            Console.WriteLine($"telemetry steps and recorders of one forwarded request, {iterations} and {2 * iterations} iterations per window, loop thread only (callgrind Ir){(pipelineRevisions ? ", the pipeline's feature revisions per iteration" : "")}:");
            Console.WriteLine($"{"case",-12} {"repeat",6} {"baseline Ir/it",15} {"telemetry Ir/it",16} {"telemetry - baseline",21} {"B/it",6} {"other threads Ir",17}");
            var perCase = new Dictionary<string, List<double>>();
            foreach (var (name, repeat, run, outFile) in runs)
            {
                var output = await run;
                var windows = Windows(Callgrind.ReadParts(outFile));
                var baseline = (windows[1].Loop - windows[0].Loop) / (double)iterations;
                var telemetry = (windows[3].Loop - windows[2].Loop) / (double)iterations;
                var bytes = Line(output, "bytes-per-iteration ");
                perCase.TryAdd(name, []);
                perCase[name].Add(telemetry - baseline);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-12} {repeat,6} {baseline,15:N1} {telemetry,16:N1} {telemetry - baseline,21:N1} {bytes,6} {windows.Sum(w => w.Others),17:N0}"));
                if (repeat == 1 && name == "metrics")
                {
                    Console.WriteLine($"  work: {Line(output, "work ")}");
                }
            }

            var off = perCase["metrics-off"].Average();
            var on = perCase["metrics"].Average();
            var spread = perCase.Values.Max(v => (v.Max() - v.Min()) / v.Min());
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"telemetry work per forwarded request: metrics {on:N1} Ir, metrics-off {off:N1} Ir (peer metadata and the other steps that run regardless); the standard metrics add {on - off:N1} Ir; largest spread between repeats of one case {spread:P3}"));
            Console.WriteLine("Divide by a forwarded request's instructions (--instructions) for the share; the loop counts user-space instructions only.");
            return 0;
        }
        finally
        {
            Callgrind.CleanUp(outDir);
        }
    }

    /// <summary>The four dumps in order (baseline 1×, 2×, telemetry 1×, 2×): the loop thread's count (the thread that ran the telemetry windows) and every other thread's.</summary>
    private static List<(long Loop, long Others)> Windows(IReadOnlyList<CallgrindPart> parts)
    {
        var dumps = parts.Where(p => p.Part >= 1 && p.Part <= 4).ToList();
        var loopThread = dumps.Where(p => p.Part == 4).MaxBy(p => p.Instructions)!.Thread;
        return Enumerable.Range(1, 4)
            .Select(part => (dumps.Where(p => p.Part == part && p.Thread == loopThread).Sum(p => p.Instructions), dumps.Where(p => p.Part == part && p.Thread != loopThread).Sum(p => p.Instructions)))
            .ToList();
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    /// <summary>The process under callgrind: one case's ingress, warmed up, then the loop inside the record step of one more forwarded request.</summary>
    public static async Task<int> RunChildAsync(string name, int iterations, bool pipelineRevisions)
    {
        using var upstream = new CannedUpstream();
        var yaml = name == "metrics-off" ? PolicyCases.Routes + "\n---\n" + TelemetryCostBenchmark.MetricsOff : PolicyCases.Routes;
        await using var ingress = await IngressCase.StartAsync(name, yaml, upstream.Port, null, services => services.AddRequestRecorder<TelemetryStepLoop>(ProxyListeners.Ingress));
        await ingress.MeasureAsync("/fwd/x", ["jason"], 2_000); // every method of the path compiled, the edge created
        var loop = ingress.Services.GetRequiredService<TelemetryStepLoop>();
        loop.PipelineRevisions = pipelineRevisions;
        loop.Arm(iterations);
        await ingress.MeasureAsync("/fwd/x", ["jason"], 1);
        if (loop.Failure is { } failure)
        {
            throw new InvalidOperationException("the telemetry loop failed", failure);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes-per-iteration {loop.BytesPerIteration:0.0}"));
        Console.WriteLine($"work {loop.Work}");
        return 0;
    }
}
