using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// The built registry (gatewaymesh-registry.dll next to the test assembly) as a real child process on a free loopback
/// port, with its own state folder. Stopped with SIGTERM, killed if it lingers, always cleaned up.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "registry listening on ";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    private RegistryProcess(Process process, string stateDirectory, string url)
    {
        _process = process;
        StateDirectory = stateDirectory;
        Url = url;
    }

    public string Url { get; }

    public string StateDirectory { get; }

    public string TokenFile => Path.Combine(StateDirectory, "registry.token");

    public string Token => File.ReadAllText(TokenFile).Trim();

    public string Logs => string.Join('\n', _stderr);

    /// <summary>Raised for each line the registry prints once it listens (its log goes to stderr), e.g. to pulse a <see cref="ChangeSignal"/>.</summary>
    public event Action? Logged;

    public static async Task<RegistryProcess> StartAsync(params string[] arguments)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("gm-registry-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gatewaymesh-registry.dll"), "--urls", "http://127.0.0.1:0", "--state-dir", stateDirectory }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var stderr = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(ListeningPrefix, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(e.Data[ListeningPrefix.Length..]);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stderr.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the registry exited before listening:\n" + string.Join('\n', stderr)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var registry = new RegistryProcess(process, stateDirectory, url);
            foreach (var line in stderr)
            {
                registry._stderr.Enqueue(line);
            }

            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    registry._stderr.Enqueue(e.Data);
                    registry.Logged?.Invoke();
                }
            };
            process.OutputDataReceived += (_, e) => registry.Logged?.Invoke();
            return registry;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(stateDirectory, recursive: true);
            throw;
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a crash: no shutdown hook runs, so a leader does not release its lease.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
                {
                    await term.WaitForExitAsync();
                }

                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
