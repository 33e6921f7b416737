using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.UnitTests.Cli;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class DownCommandTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly CliHarness _cli = new();

    public DownCommandTests() => _cli.Variables["MESHCTL_HOME"] = _repo.Path;

    private string StateFile => Path.Combine(_repo.Path, ".meshctl", "state.json");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Down_PidNowRunsAnotherCommand_DoesNotSignalIt()
    {
        using var sleep = new SleepProcess();
        var actual = await WaitForIdentityAsync(sleep.Pid);
        Record(actual with { CommandLine = "/usr/bin/redis-server 127.0.0.1:16379" });

        var result = await _cli.RunAsync("down");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"redis: pid {sleep.Pid} now belongs to another program (sleep 60); not signalled", result.Error);
        Assert.False(sleep.Process.HasExited);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task Down_PidStartedAtAnotherTime_DoesNotSignalIt()
    {
        using var sleep = new SleepProcess();
        var actual = await WaitForIdentityAsync(sleep.Pid);
        Record(actual with { StartTicks = actual.StartTicks - 1 });

        var result = await _cli.RunAsync("down");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("not signalled", result.Error);
        Assert.False(sleep.Process.HasExited);
    }

    [Fact]
    public async Task Down_RecordedProcessRuns_StopsItWithSigterm()
    {
        using var sleep = new SleepProcess();
        Record(await WaitForIdentityAsync(sleep.Pid));

        var result = await _cli.RunAsync("down", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.True(sleep.Process.WaitForExit(10_000));
        Assert.Contains("\"outcome\": \"Stopped\"", result.Out);
        Assert.Contains($"stopped redis (pid {sleep.Pid})", result.Error);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task Down_NothingRecorded_IsANoOp()
    {
        var result = await _cli.RunAsync("down");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no mesh is running", result.Error);
    }

    [Fact]
    public async Task Status_NothingRecorded_ExitsOne()
    {
        var result = await _cli.RunAsync("status", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"running\": false", result.Out);
        Assert.Contains("no mesh is running", result.Error);
    }

    [Fact]
    public async Task Status_RecordedProcessGone_ShowsDeadAndExitsOne()
    {
        int pid;
        using (var sleep = new SleepProcess())
        {
            Record(await WaitForIdentityAsync(sleep.Pid));
            pid = sleep.Pid;
        }

        var result = await _cli.RunAsync("status");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches($@"(?m)^redis\s+redis\s+-\s+-\s+{pid}\s+\S+\s+dead", result.Out);
    }

    private void Record(ProcessIdentity identity) => new MeshState
    {
        StartedAt = DateTimeOffset.UnixEpoch,
        Processes =
        [
            new ProcessRecord
            {
                Name = "redis",
                Pid = identity.Pid,
                StartTicks = identity.StartTicks,
                CommandLine = identity.CommandLine,
                Command = ["/usr/bin/redis-server"],
                StartedAt = DateTimeOffset.UnixEpoch,
                Address = "127.0.0.1:16379",
                LogFile = "redis.log",
            },
        ],
    }.Save(StateFile);

    /// <summary>The child's identity once it has exec'd sleep (right after fork its cmdline can still be the parent's).</summary>
    private static async Task<ProcessIdentity> WaitForIdentityAsync(int pid)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (ProcFs.TryRead(pid) is { CommandLine: "sleep 60" } identity)
            {
                return identity;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
