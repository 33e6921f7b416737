using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>
/// A process started by the test (inside a pod's network namespace): its output lines are kept, and a test awaits a
/// line with a timeout (a <see cref="TaskCompletionSource"/> completed by the output reader, never a sleep). Killed,
/// with its children, on dispose.
/// </summary>
internal sealed class NamespacedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NamespacedProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it printed so far (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join('\n', _lines.TakeLast(80));

    public static NamespacedProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new NamespacedProcess(name, process);
        process.OutputDataReceived += (_, e) => started.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnLine(e.Data);
        process.Exited += (_, _) => started._exited.TrySetResult();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The first line (already printed or still to come) that matches; fails at the timeout or when the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, seen));
            if (_lines.FirstOrDefault(match) is { } earlier)
            {
                seen.TrySetResult(earlier);
            }
        }

        var done = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout));
        if (done == seen.Task)
        {
            return await seen.Task;
        }

        throw new TimeoutException(done == _exited.Task
            ? $"{Name} exited ({_process.ExitCode}) before printing the line awaited:\n{Output}"
            : $"{Name} did not print the line awaited within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to exit on its own (a client command); kills it at the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            await DisposeAsync();
            throw new TimeoutException($"{Name} did not finish within {timeout}:\n{Output}");
        }

        await _process.WaitForExitAsync(); // drains the output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        lock (_waiters)
        {
            foreach (var (match, seen) in _waiters)
            {
                if (!seen.Task.IsCompleted && match(line))
                {
                    seen.TrySetResult(line);
                }
            }
        }
    }
}
