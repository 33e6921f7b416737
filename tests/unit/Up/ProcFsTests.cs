using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class ProcFsTests
{
    [Fact]
    public void ParseStat_CommandNameWithSpacesAndParens_ReadsStateAndStartTime()
    {
        var stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";

        var (state, startTicks) = ProcFs.ParseStat(stat);

        Assert.Equal('S', state);
        Assert.Equal(987654, startTicks);
    }

    [Fact]
    public void NormalizeCommandLine_NulSeparatedWithPadding_JoinsWithSpaces()
    {
        Assert.Equal("redis-server 127.0.0.1:16379", ProcFs.NormalizeCommandLine("redis-server 127.0.0.1:16379\0\0\0\0"));
        Assert.Equal("dotnet app.dll --urls x", ProcFs.NormalizeCommandLine("dotnet\0app.dll\0--urls\0x\0"));
    }

    [Fact]
    public void HasSignal_SigIgnOfABackgroundJob_HoldsSigintAndSigquitOnly()
    {
        Assert.True(ProcFs.HasSignal("\t0000000000001006", PosixSignals.SigInt));
        Assert.True(ProcFs.HasSignal("0000000000001006", 3));
        Assert.False(ProcFs.HasSignal("0000000000001006", PosixSignals.SigTerm));
        Assert.False(ProcFs.HasSignal("0000000000000000", PosixSignals.SigInt));
        Assert.True(ProcFs.HasSignal("8000000000000000", 64));
    }

    [Theory]
    [InlineData("trap '' INT; echo ready; exec cat", true)] // as a script's background job starts: SIGINT ignored, inherited across exec
    [InlineData("echo ready; exec cat", false)]
    public async Task IgnoresSignal_RealProcess_ReadsItsSigIgnMask(string script, bool ignored)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/env") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--default-signal=INT", "/bin/sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))); // the trap came first

            Assert.Equal(ignored, ProcFs.IgnoresSignal(process.Id, PosixSignals.SigInt));
            Assert.False(ProcFs.IgnoresSignal(process.Id, PosixSignals.SigTerm));
        }
        finally
        {
            process.Kill();
        }
    }

    [Fact]
    public void IgnoresSignal_NoSuchProcess_IsFalse() => Assert.False(ProcFs.IgnoresSignal(int.MaxValue, PosixSignals.SigInt));

    [Fact]
    public void TryRead_OwnProcess_HasStartTimeAndCommandLine()
    {
        var self = ProcFs.TryRead(Environment.ProcessId);

        Assert.NotNull(self);
        Assert.True(self.StartTicks > 0);
        Assert.False(self.IsZombie);
        Assert.NotEmpty(self.CommandLine);
    }

    [Fact]
    public void IsSameProcessAs_DifferentStartTimeOrCommand_IsFalse()
    {
        var recorded = new ProcessIdentity(42, 1000, "redis-server 127.0.0.1:16379");

        Assert.True(recorded.IsSameProcessAs(recorded with { }));
        Assert.False(recorded.IsSameProcessAs(recorded with { StartTicks = 1001 }));
        Assert.False(recorded.IsSameProcessAs(recorded with { CommandLine = "sleep 60" }));
        Assert.True((recorded with { StartTicks = 0 }).IsSameProcessAs(recorded));
    }
}
