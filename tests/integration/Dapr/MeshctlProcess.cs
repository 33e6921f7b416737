using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.IntegrationTests.Up;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>The real meshctl (meshctl.dll next to this assembly) in its own process, with the mesh's variables.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class MeshctlProcess : IDisposable
{
    /// <summary>The dotnet host running the tests (so every child runs on the same runtime).</summary>
    internal static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileName(path) == "dotnet" ? path : "dotnet";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _signalled;
    private int _outputAtSignal;
    private int _errorAtSignal;

    public MeshctlProcess(LocalMesh mesh, params string[] arguments)
    {
        // As a shell starts a foreground job at a terminal: SIGINT at its default disposition. A test run started in
        // the background of a script (as CI may start test.sh) inherits SIGINT ignored, and .NET keeps an inherited
        // ignore, so without this reset meshctl never sees the test's Ctrl-C (a fresh-clone CI run hung so, twice).
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = mesh.Repo.Path,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Dotnet);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "meshctl.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in mesh.Cli.Variables)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Received(e.Data, _output, _outputClosed);
        _process.ErrorDataReceived += (_, e) => Received(e.Data, _error, _errorClosed);
        _process.Exited += (_, _) => _exited.TrySetResult(_process.ExitCode);
        // Exited fires when the kernel reports the exit, not when the pipe readers have handed over the last lines
        // (dotnet/roslyn#10958; sidecar/Supervision/AppSupervisor waits for the same reason): a test that reads the
        // output on Exited can miss what meshctl printed last, its "stopped ... and its app" lines (a fresh-clone CI
        // run under load did). Ended completes only when meshctl exited and both pipes reached end-of-file.
        Ended = EndAsync();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Pid = _process.Id;
    }

    public int Pid { get; }

    /// <summary>meshctl's exit code, once it exited and every line it printed has been received.</summary>
    private Task<int> Ended { get; }

    public IReadOnlyList<string> OutputLines => [.. _output];

    public string Error => string.Join('\n', _error);

    /// <summary>Completes when a stderr line contains <paramref name="text"/>; fails with the output when meshctl exits or time runs out.</summary>
    public async Task WaitForErrorLineAsync(string text, TimeSpan timeout)
    {
        var seen = _awaited.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_error.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }

        var first = await Task.WhenAny(seen.Task, Ended).WaitAsync(timeout).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        Assert.True(first == seen.Task, $"meshctl run did not say '{text}' ({(Ended.IsCompleted ? $"exited {Ended.Result}" : "timed out")}):\n{Error}\n{string.Join('\n', _output)}");
    }

    /// <summary>
    /// The exit code, once every line meshctl printed is in <see cref="OutputLines"/> and <see cref="Error"/>; when time
    /// runs out, fails with what meshctl printed since the signal and what still runs.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            return await Ended.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            var what = _exited.Task.IsCompleted ? "closed its output (a process under it holds the pipes?)" : "exited";
            Assert.Fail($"meshctl run had not {what} {timeout.TotalSeconds:0} s after {_signalled ?? "it started"}:\n{Describe()}");
            throw;
        }
    }

    /// <summary>Sends a signal to meshctl, marking where its output stood (for <see cref="Describe"/>).</summary>
    public void Signal(int signal)
    {
        _signalled = $"signal {signal} (stdout line {_output.Count}, stderr line {_error.Count})";
        _outputAtSignal = _output.Count;
        _errorAtSignal = _error.Count;
        Assert.True(PosixSignals.Send(Pid, signal), $"signal {signal} not delivered to meshctl run (pid {Pid})");
    }

    /// <summary>For a failure message: meshctl's state and signal masks, its output since the signal, and every process still under it.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder($"meshctl run pid {Pid}, {(_process.HasExited ? "exited" : "running")}; ");
        try
        {
            text.AppendJoin("; ", File.ReadLines($"/proc/{Pid}/status").Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Sig", StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            text.Append("no /proc entry");
        }

        text.AppendLine().AppendLine($"--- stderr since {_signalled ?? "the start"}:").AppendJoin('\n', _error.Skip(_errorAtSignal)).AppendLine();
        text.AppendLine($"--- stdout since {_signalled ?? "the start"} (last 40 lines):").AppendJoin('\n', _output.Skip(_outputAtSignal).TakeLast(40)).AppendLine();
        text.AppendLine("--- processes still under it:");
        foreach (var pid in Descendants(Pid))
        {
            text.AppendLine($"{pid} {(ProcFs.TryRead(pid) is { } p ? $"{(p.IsZombie ? "zombie " : "")}{p.CommandLine}" : "(gone)")}");
        }

        return text.ToString();
    }

    /// <summary>Cleanup whatever happened: meshctl and everything under it.</summary>
    public void KillEverything()
    {
        var left = Descendants(Pid);
        if (!_process.HasExited)
        {
            PosixSignals.Send(Pid, PosixSignals.SigKill);
        }

        foreach (var pid in left)
        {
            PosixSignals.Send(pid, PosixSignals.SigKill);
        }
    }

    public void Dispose() => _process.Dispose();

    private async Task<int> EndAsync()
    {
        var code = await _exited.Task;
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task);
        return code;
    }

    private void Received(string? line, ConcurrentQueue<string> lines, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult(); // end-of-file: every line of this stream was received
            return;
        }

        lines.Enqueue(line);
        foreach (var (text, seen) in _awaited)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    }

    /// <summary>Every live process whose parent chain leads to <paramref name="root"/>.</summary>
    internal static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // it ended meanwhile
                }
            }
        }

        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }
}
