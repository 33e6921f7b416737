using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using Xunit;

namespace GatewayMesh.IntegrationTests.Up;

/// <summary>
/// Issue 15, processes die together: a foreground <c>meshctl up</c> killed outright (SIGKILL: nothing of it runs, no
/// Ctrl-C handler, no <c>down</c>) takes every process it started with it, also one its supervisor restarted (a chaos
/// run's mesh once outlived its test host as PPID-1 orphans); a detached one leaves its mesh running, as it should.
/// The real meshctl runs in its own process; each wait has a deadline and waits on the event itself (a stderr line, a
/// process's exit through a pidfd), never a sleep.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class UpParentDeathTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Up_SigkilledWhileSupervising_EveryProcessItStartedOrRestartedExits()
    {
        await using var mesh = new LocalMesh();
        using var up = new MeshctlUp(mesh, "up", "--no-workloads", "--redis-port", "0", "--registry-port", "0");
        try
        {
            await up.WaitForErrorLineAsync("mesh is up; Ctrl-C to stop", StartTimeout);
            var first = Recorded(mesh, "registry");

            // A restart is made by the supervision loop (another thread than the first start's): it must die with up too.
            Assert.True(PosixSignals.Send(first.Pid, PosixSignals.SigKill));
            await up.WaitForErrorLineAsync("registry restarted (pid", StartTimeout);
            var processes = mesh.State!.Processes;
            var restarted = processes.Single(p => p.Name == "registry");
            Assert.NotEqual(first.Pid, restarted.Pid);
            Assert.All(processes, p => Assert.True(ProcessSupervisor.IsAlive(p), $"{p.Name} (pid {p.Pid}) runs before up is killed"));

            up.Kill();
            Assert.True(await up.WaitForExitAsync(ExitTimeout), "meshctl up exited after SIGKILL");
            var left = await ProcessExit.WaitAllAsync(processes.Select(p => p.Pid), ExitTimeout);
            Assert.True(left.Count == 0, $"still running {ExitTimeout.TotalSeconds:0} s after up was killed: {string.Join(", ", processes.Where(p => left.Contains(p.Pid)).Select(p => $"{p.Name} (pid {p.Pid})"))}");
        }
        finally
        {
            up.Kill();
        }
    }

    [Fact]
    public async Task UpDetach_MeshctlExits_TheMeshKeepsRunning()
    {
        await using var mesh = new LocalMesh();
        using var up = new MeshctlUp(mesh, "up", "--detach", "--no-workloads", "--redis-port", "0", "--registry-port", "0");
        Assert.True(await up.WaitForExitAsync(StartTimeout), "meshctl up --detach returned");
        Assert.True(up.ExitCode == 0, up.Error);

        // Its processes outlive it and still serve: a parent-death signal would have killed them as it exited.
        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.Error);
        var components = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["redis", "registry"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.All(components, c => Assert.True(c.GetProperty("alive").GetBoolean(), c.ToString()));
        Assert.True(LocalMesh.Json(status.Out).GetProperty("registry").GetProperty("revision").GetInt64() > 0, status.Out);
    }

    private static ProcessRecord Recorded(LocalMesh mesh, string name) => mesh.State!.Processes.Single(p => p.Name == name);

    /// <summary>meshctl in a process of its own (as a user runs it), its stderr lines awaitable.</summary>
    private sealed class MeshctlUp : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _error = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MeshctlUp(LocalMesh mesh, params string[] arguments)
        {
            var dotnet = Environment.ProcessPath is { } path && Path.GetFileName(path) == "dotnet" ? path : "dotnet";
            var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = mesh.Repo.Path };
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
            _process.ErrorDataReceived += (_, e) => Received(e.Data);
            _process.OutputDataReceived += (_, _) => { };
            _process.Exited += (_, _) => _exited.TrySetResult();
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int ExitCode => _process.ExitCode;

        public string Error => string.Join('\n', _error);

        public async Task WaitForErrorLineAsync(string text, TimeSpan timeout)
        {
            var seen = _awaited.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_error.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                seen.TrySetResult();
            }

            var first = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout));
            Assert.True(first == seen.Task, $"meshctl did not say '{text}' ({(_exited.Task.IsCompleted ? $"exited {_process.ExitCode}" : "timed out")}):\n{Error}");
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout) => await Task.WhenAny(_exited.Task, Task.Delay(timeout)) == _exited.Task;

        /// <summary>SIGKILL, meshctl alone (never its process tree: the point is what dies with it).</summary>
        public void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // exited
            }
        }

        public void Dispose() => _process.Dispose();

        private void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            _error.Enqueue(line);
            foreach (var (text, seen) in _awaited)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
