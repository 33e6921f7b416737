using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>A child process whose output is kept (last lines) for failure messages; killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public event Action<string>? Line;

    public static ChildProcess Start(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process) { Name = Path.GetFileName(file) };
        child.Line += onLine;
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }

        Line?.Invoke(line);
    }
}
