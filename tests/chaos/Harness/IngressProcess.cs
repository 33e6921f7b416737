using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// The built ingress (gatewaymesh-ingress.dll next to the tests) as a real process on free ports, with its own state
/// folder; killed on dispose. Follows the revisions it applies from its own log ("Applied revision N").
/// </summary>
public sealed partial class IngressProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Lock _revisionGate = new();
    private readonly List<(long Revision, TaskCompletionSource Reached)> _revisionWaiters = [];
    private long _applied;

    private IngressProcess(Process process, string stateDir)
    {
        _process = process;
        StateDir = stateDir;
    }

    public string StateDir { get; }

    public int HttpPort { get; private set; }

    public int AdminPort { get; private set; }

    public string Log => string.Join('\n', _log.TakeLast(60));

    public static async Task<IngressProcess> StartAsync(params string[] arguments)
    {
        var stateDir = Directory.CreateTempSubdirectory("gm-chaos-ingress-").FullName;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gatewaymesh-ingress.dll"), "--http-port", "0", "--https-port", "0", "--admin-port", "0", "--state-dir", stateDir }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var ingress = new IngressProcess(process, stateDir);
        var http = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var admin = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            ingress._log.Enqueue(line);
            ingress.Observe(line);
            if (line.StartsWith("ingress listening on ", StringComparison.Ordinal))
            {
                http.TrySetResult(new Uri(line["ingress listening on ".Length..]).Port);
            }
            else if (line.StartsWith("admin listening on ", StringComparison.Ordinal))
            {
                admin.TrySetResult(new Uri(line["admin listening on ".Length..]).Port);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            ingress._log.Enqueue(e.Data ?? "");
            ingress.Observe(e.Data ?? ""); // the log goes to stderr; stdout carries only the "listening on" lines
        };
        process.Exited += (_, _) => http.TrySetException(new InvalidOperationException("the ingress exited:\n" + ingress.Log));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ingress.HttpPort = await http.Task.WaitAsync(TimeSpan.FromSeconds(90));
            ingress.AdminPort = await admin.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return ingress;
        }
        catch
        {
            await ingress.DisposeAsync();
            throw;
        }
    }

    /// <summary>The newest revision the ingress has said it applied.</summary>
    public long AppliedRevision => Interlocked.Read(ref _applied);

    /// <summary>Completes when the ingress has applied <paramref name="revision"/> or a later one; fails with its log after <paramref name="deadline"/>.</summary>
    public async Task WaitForRevisionAsync(long revision, TimeSpan deadline)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_revisionGate)
        {
            if (_applied >= revision)
            {
                return;
            }

            _revisionWaiters.Add((revision, reached));
        }

        try
        {
            await reached.Task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the ingress did not apply revision {revision} within {deadline.TotalSeconds} s (it applied {AppliedRevision}):\n{Log}");
        }
    }

    private void Observe(string line)
    {
        if (AppliedPattern().Match(line) is not { Success: true } match)
        {
            return;
        }

        var revision = long.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        lock (_revisionGate)
        {
            _applied = Math.Max(_applied, revision);
            foreach (var waiter in _revisionWaiters.Where(w => w.Revision <= _applied).ToList())
            {
                waiter.Reached.TrySetResult();
                _revisionWaiters.Remove(waiter);
            }
        }
    }

    [GeneratedRegex(@"Applied revision (\d+)")]
    private static partial Regex AppliedPattern();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(StateDir, recursive: true);
    }
}
