using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>
/// The built sample (bookinfo.dll next to the test assembly) as a real child process on a free loopback port, so
/// the environment (<c>HTTP_PROXY</c>, <c>INSTANCE_ID</c>, ...) is its own. Always killed on dispose.
/// </summary>
public sealed class BookinfoProcess : IAsyncDisposable
{
    private const string ListeningMarker = " listening on ";
    private readonly Process _process;

    private BookinfoProcess(Process process, Uri url, ConcurrentQueue<string> stderr)
    {
        _process = process;
        Url = url;
        Stderr = stderr;
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Stderr { get; }

    public static async Task<BookinfoProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "bookinfo.dll") }.Concat(args).Concat(["--urls", "http://127.0.0.1:0"]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            var at = e.Data?.IndexOf(ListeningMarker, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(e.Data![(at + ListeningMarker.Length)..] + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stderr.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("bookinfo exited:\n" + string.Join('\n', stderr)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new BookinfoProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)), stderr);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
