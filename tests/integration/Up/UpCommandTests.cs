using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.Store;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Up;

public sealed class UpCommandTests
{
    [Fact]
    public async Task UpDetach_StatusGetDown_RunsBookinfoControlPlaneAndStopsIt()
    {
        await using var mesh = new LocalMesh();

        var up = await mesh.UpAsync();
        Assert.True(up.ExitCode == 0, up.Error);
        Assert.Contains("applied the Bookinfo defaults", up.Error);

        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.Error);
        var report = LocalMesh.Json(status.Out);
        Assert.True(report.GetProperty("running").GetBoolean());
        Assert.True(report.GetProperty("registry").GetProperty("revision").GetInt64() > 0);
        var components = report.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["redis", "registry"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.All(components, c => Assert.True(c.GetProperty("alive").GetBoolean()));

        var get = await mesh.Cli.RunAsync("get", "vs", "-o", "json");
        Assert.True(get.ExitCode == 0, get.Error);
        var names = LocalMesh.Json(get.Out).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("metadata").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["bookinfo", "details", "productpage", "ratings", "reviews"], names);

        var pids = mesh.State!.Processes.Select(p => p.Pid).ToList();
        var down = await mesh.Cli.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.All(pids, pid => Assert.False(ProcFs.IsRunning(pid), $"pid {pid} still runs"));
        Assert.False(File.Exists(mesh.StateFile));

        var again = await mesh.Cli.RunAsync("down");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("no mesh is running", again.Error);
        Assert.Equal(1, (await mesh.Cli.RunAsync("status")).ExitCode);
    }

    [Fact]
    public async Task Up_WhenRunning_IsIdempotent_AndConfigsSurviveDownUp()
    {
        await using var mesh = new LocalMesh();
        Assert.Equal(0, (await mesh.UpAsync()).ExitCode);
        var pids = mesh.State!.Processes.Select(p => p.Pid).ToList();

        var second = await mesh.UpAsync();
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already running", second.Error);
        Assert.Equal(pids, mesh.State!.Processes.Select(p => p.Pid));

        Assert.Equal(0, (await mesh.Cli.RunAsync("delete", "vs", "reviews")).ExitCode);
        Assert.Equal(0, (await mesh.Cli.RunAsync("down")).ExitCode);
        var restarted = await mesh.UpAsync();
        Assert.True(restarted.ExitCode == 0, restarted.Error);

        Assert.Contains("Bookinfo defaults not re-applied", restarted.Error);
        Assert.Equal(1, (await mesh.Cli.RunAsync("get", "vs", "reviews")).ExitCode);
        Assert.Equal(0, (await mesh.Cli.RunAsync("get", "vs", "ratings")).ExitCode);
    }

    [Fact]
    public async Task Up_PrivateRedis_ProxyUserIsReadOnlyAndAnonymousIsRefused()
    {
        await using var mesh = new LocalMesh();
        Assert.Equal(0, (await mesh.UpAsync()).ExitCode);
        var redis = mesh.State!.Redis!;
        var password = File.ReadAllText(Path.Combine(mesh.Repo.Path, ".meshctl", "secrets", "redis-proxy.password")).Trim();

        await using var proxy = await ConnectionMultiplexer.ConnectAsync($"{redis},user=proxy,password={password}");
        var db = proxy.GetDatabase();
        Assert.True((long)await db.StringGetAsync("{gatewaymesh}:rev") > 0);
        var write = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync("{gatewaymesh}:rev", "1"));
        Assert.StartsWith("NOPERM", write.Message);
        var outside = await Assert.ThrowsAsync<RedisServerException>(() => db.StringGetAsync("other"));
        Assert.StartsWith("NOPERM", outside.Message);

        var anonymous = await RedisPing.CheckAsync(int.Parse(redis.Split(':')[1]), user: null, CancellationToken.None);
        Assert.False(anonymous.IsReady);
        Assert.Contains("NOAUTH", anonymous.Detail);
    }

    [Fact]
    public async Task Status_AfterRedisDies_ReportsDeadAndExitsOne()
    {
        await using var mesh = new LocalMesh();
        Assert.Equal(0, (await mesh.UpAsync()).ExitCode);
        var redis = mesh.State!.Processes.Single(p => p.Name == "redis");
        PosixSignals.Send(redis.Pid, PosixSignals.SigKill);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (ProcessSupervisor.IsAlive(redis))
        {
            await Task.Delay(20, timeout.Token);
        }

        var status = await mesh.Cli.RunAsync("status", "-o", "json");

        Assert.Equal(1, status.ExitCode);
        var components = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray().ToList();
        Assert.Equal("dead", components.Single(c => c.GetProperty("name").GetString() == "redis").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.False, LocalMesh.Json(status.Out).GetProperty("running").ValueKind);
    }

    [Fact]
    public async Task UpInTheForeground_RestartsAKilledProcess_StatusCountsIt_AndDownEndsIt()
    {
        await using var mesh = new LocalMesh();
        var (started, running) = await mesh.UpSupervisedAsync(TimeSpan.FromMinutes(3), "up", "--no-workloads", "--redis-port", "0", "--registry-port", "0");
        Assert.True(started.ExitCode == 0, started.Error);
        var redis = mesh.State!.Processes.Single(p => p.Name == "redis");

        PosixSignals.Send(redis.Pid, PosixSignals.SigKill);
        var restarted = await RestartedAsync(mesh, "redis", redis.Pid);

        Assert.Equal(1, restarted.Restarts);
        Assert.Contains("exit code", restarted.LastExit, StringComparison.Ordinal);
        Assert.Equal(redis.Ports, restarted.Ports);
        // The registry may still be reconnecting to the restarted Redis, so only the redis row is asserted.
        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        var component = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
        Assert.Equal(1, component.GetProperty("restarts").GetInt32());
        Assert.Equal("running, restarted once", component.GetProperty("state").GetString());

        Assert.Equal(0, (await mesh.Cli.RunAsync("down")).ExitCode);
        var ended = await running.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(ended.ExitCode == 0, ended.Error);
        Assert.False(ProcessSupervisor.IsAlive(restarted));
    }

    /// <summary>Waits (bounded) until state.json records <paramref name="name"/> under a new pid that is alive.</summary>
    private static async Task<GatewayMesh.Cli.Local.State.ProcessRecord> RestartedAsync(LocalMesh mesh, string name, int deadPid)
    {
        // The supervisor records the restarted process in state.json (written as state.json.tmp, renamed over it).
        using var changed = new ChangeSignal().Watch(Path.GetDirectoryName(mesh.StateFile)!, "state.json*");
        GatewayMesh.Cli.Local.State.ProcessRecord? restarted = null;
        Assert.True(await changed.WaitUntilAsync(() =>
        {
            var record = mesh.State!.Processes.Single(p => p.Name == name);
            restarted = record.Pid != deadPid && ProcessSupervisor.IsAlive(record) ? record : null;
            return Task.FromResult(restarted is not null);
        }, TimeSpan.FromMinutes(1)), $"{name} was not restarted within a minute");
        return restarted!;
    }
}
