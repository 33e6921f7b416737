using System.Diagnostics;
using System.Globalization;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>One dumped part of a callgrind profile: the instructions (Ir) one thread executed between two dumps.</summary>
internal sealed record CallgrindPart(int Part, int Thread, long Instructions);

/// <summary>
/// Running this benchmark's own dll under <c>valgrind --tool=callgrind</c>, steering it from inside
/// (<c>callgrind_control</c>: instrumentation on and off, a dump per measured window), and reading the dumps back.
/// Instruction counts are what load on a shared machine cannot move; only what runs differently with the wall time
/// (idle threads spinning, timers) can, which is why the runs set the thread pool's spinning off and the windows are
/// read per thread or differenced.
/// </summary>
internal static class Callgrind
{
    /// <summary><c>BENCH_CALLGRIND_KEEP=1</c>: keep the profiles (and write the runtime's perf map) for <c>callgrind_annotate</c>.</summary>
    public static bool Keep => Environment.GetEnvironmentVariable("BENCH_CALLGRIND_KEEP") == "1";

    /// <summary>Deletes <paramref name="outDir"/> unless the profiles are to be kept (then says where they are).</summary>
    public static void CleanUp(DirectoryInfo outDir)
    {
        if (Keep)
        {
            Console.WriteLine($"profiles kept in {outDir.FullName} (perf maps: /tmp/perf-<pid>.map)");
            return;
        }

        outDir.Delete(recursive: true);
    }

    /// <summary>Runs <c>dotnet &lt;this dll&gt; <paramref name="childArgs"/></c> under callgrind, counting nothing until the child switches it on; returns its stdout.</summary>
    public static async Task<string> RunAsync(string outFile, bool separateThreads, params string[] childArgs)
    {
        var start = new ProcessStartInfo("valgrind")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] valgrind = ["--tool=callgrind", "--instr-atstart=no", "--fair-sched=yes", $"--callgrind-out-file={outFile}", $"--separate-threads={(separateThreads ? "yes" : "no")}"];
        foreach (var arg in valgrind.Concat(["dotnet", typeof(Callgrind).Assembly.Location]).Concat(childArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // valgrind cannot follow the runtime's double-mapped code
        start.Environment["DOTNET_TieredCompilation"] = "0"; // every method compiled once, fully optimized, before a window
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_GCgen0size"] = "0x30000000"; // no collection inside a window
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0"; // idle workers block instead of spinning (valgrind would count the spin)
        if (Keep)
        {
            start.Environment["DOTNET_PerfMapEnabled"] = "1"; // /tmp/perf-PID.map names the JIT-compiled code's addresses in callgrind_annotate's output
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', childArgs)} under callgrind exited {process.ExitCode}:\n{output}\n{await stderr}");
        }

        return output;
    }

    /// <summary><c>callgrind_control &lt;args&gt; &lt;this process&gt;</c>, waiting for it (from inside the process under callgrind).</summary>
    public static void Control(params string[] args)
    {
        using var control = Process.Start(new ProcessStartInfo("callgrind_control", [.. args, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = control.StandardOutput.ReadToEnd();
        control.WaitForExit();
        if (control.ExitCode != 0)
        {
            throw new InvalidOperationException($"callgrind_control {string.Join(' ', args)} exited {control.ExitCode}: {output}");
        }
    }

    /// <summary>Every dumped part of <paramref name="outFile"/> (one file per part and thread with dumps and separate threads), read from the files' headers.</summary>
    public static IReadOnlyList<CallgrindPart> ReadParts(string outFile)
    {
        var parts = new List<CallgrindPart>();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(outFile)!, Path.GetFileName(outFile) + "*"))
        {
            int part = 0, thread = 1;
            long? total = null;
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("part:", StringComparison.Ordinal))
                {
                    part = int.Parse(line["part:".Length..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("thread:", StringComparison.Ordinal))
                {
                    thread = int.Parse(line["thread:".Length..], CultureInfo.InvariantCulture);
                }
                else if (total is null && line.StartsWith("summary:", StringComparison.Ordinal)
                    && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1), CultureInfo.InvariantCulture, out var summary))
                {
                    total = summary; // the file's header; a part that counted nothing may have none
                }
            }

            parts.Add(new CallgrindPart(part, thread, total ?? 0));
        }

        return parts;
    }
}
