using System.Diagnostics;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>Processes die together: a sidecar killed outright (SIGKILL, no shutdown hook runs) takes its app with it.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarKilledTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigkill_SidecarProcess_AppIsNotLeftOrphaned()
    {
        using var dir = new TempDirectory();
        var pidFile = Path.Combine(dir.Path, "app.pid");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "gatewaymesh-sidecar.dll"), "--service", "orphan-check", "--redis", redis.ConnectionString,
            "--key-prefix", RedisServerFixture.NewKeyPrefix(), "--state-dir", dir.Path, "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0",
            "--app-command", $"echo $$ > '{pidFile}'; exec sleep 600",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var sidecar = Process.Start(start)!;
        sidecar.BeginOutputReadLine();
        sidecar.BeginErrorReadLine();
        int app;
        try
        {
            app = await WaitForPidAsync(pidFile, sidecar);
            Assert.True(IsRunning(app), "the app is running before the kill");
        }
        finally
        {
            sidecar.Kill(); // SIGKILL, the sidecar alone: no shutdown hook, no process-tree kill
            await sidecar.WaitForExitAsync();
        }

        var waited = Stopwatch.StartNew();
        while (IsRunning(app))
        {
            Assert.True(waited.Elapsed < Deadline, $"the app (pid {app}) outlived its killed sidecar");
            await Task.Delay(50);
        }
    }

    private static async Task<int> WaitForPidAsync(string pidFile, Process sidecar)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                return pid;
            }

            if (sidecar.HasExited)
            {
                Assert.Fail($"the sidecar exited ({sidecar.ExitCode}) before starting its app");
            }

            Assert.True(waited.Elapsed < Deadline, "the sidecar never started its app");
            await Task.Delay(50);
        }
    }

    /// <summary>True while the pid is a live process (a zombie awaiting its parent counts as gone).</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
