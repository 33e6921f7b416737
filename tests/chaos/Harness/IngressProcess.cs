using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>The built ingress (gatewaymesh-ingress.dll next to the tests) as a real process on free ports, with its own state folder; killed on dispose.</summary>
public sealed class IngressProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

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
            if (line.StartsWith("ingress listening on ", StringComparison.Ordinal))
            {
                http.TrySetResult(new Uri(line["ingress listening on ".Length..]).Port);
            }
            else if (line.StartsWith("admin listening on ", StringComparison.Ordinal))
            {
                admin.TrySetResult(new Uri(line["admin listening on ".Length..]).Port);
            }
        };
        process.ErrorDataReceived += (_, e) => ingress._log.Enqueue(e.Data ?? "");
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
