using System.Diagnostics;
using System.Text.Json;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R10: a second registry replica joins the mesh's Redis; the leading one is SIGKILLed under load. The data plane does
/// not depend on the registry, so no request fails; a config write through the survivor reaches every proxy, a live
/// replica leads again once the dead one's lease expires (lease expiry goes on), and the supervisor brings the killed
/// replica back.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R10RegistryKilledTests(ChaosMesh chaos, ITestOutputHelper output)
{
    [Fact]
    public async Task R10_LeadingRegistryKilledUnderLoad_NoRequestFailsWritesContinueThroughTheSurvivor()
    {
        var recorded = chaos.Process("registry");
        // Leadership is a registry's state behind its HTTP API; it changes only with a line in that registry's log ("...
        // leads now", "stepped down", a restart's first lines): the recorded one's log file, the replica's output.
        using var registriesLogged = new ChangeSignal().Watch(Path.GetDirectoryName(recorded.LogFile)!, Path.GetFileName(recorded.LogFile));
        await using var replica = await SecondReplica.StartAsync(recorded, chaos.State.RegistryTokenFile!, registriesLogged);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        await WaitAsync(registriesLogged, async () => await LeaderAsync(http, recorded.Address) ^ await LeaderAsync(http, replica.Url), "exactly one replica leads");
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);

        var killedLeader = await LeaderAsync(http, recorded.Address);
        var outage = Stopwatch.StartNew();
        if (killedLeader)
        {
            chaos.Kill("registry");
        }
        else
        {
            await replica.DisposeAsync(); // the replica led: kill it instead (SIGKILL), the recorded one survives
        }

        var survivor = killedLeader ? replica.Url : recorded.Address;
        // The lead passes once the dead leader's lease expires: to the survivor, or (when the supervisor brought the
        // killed one back first) to the restarted replica; either way one live replica leads again.
        var survivorLed = false;
        await WaitAsync(registriesLogged, async () => (survivorLed = await LeaderAsync(http, survivor)) || (killedLeader && await LeaderAsync(http, recorded.Address)), "a live replica takes the lead");
        var takeover = outage.Elapsed;
        var change = Stopwatch.StartNew();
        var revision = await ApplyThroughAsync(survivor, MeshConfigs.ReviewsTo("v2"));
        var converged = await chaos.WaitForSyncAsync(revision, change);
        if (killedLeader)
        {
            await chaos.WaitForRestartAsync("registry", recorded.Pid, outage);
        }

        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();
        await chaos.Mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));

        ChaosReport.Record(
            new ChaosFigure("R10", load.Description, $"2 registry replicas, leader SIGKILL ({(killedLeader ? "the recorded one, restarted by the supervisor" : "the extra one")})", sent, failed, lost,
                $"{converged.TotalSeconds:0.0} s for a write through the survivor")
            {
                Notes = $"{(survivorLed ? "the survivor" : "the restarted replica")} led {takeover.TotalSeconds:0.0} s after the kill (leader lease 10 s); the write went through the survivor",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private async Task<long> ApplyThroughAsync(string registry, string yaml)
    {
        var file = Path.Combine(chaos.Mesh.RepoPath, "r10.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var result = await chaos.Mesh.MeshctlAsync("apply", "-f", file, "-o", "json", "--server", registry);
        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.GetProperty("revision").GetInt64();
    }

    private static async Task<bool> LeaderAsync(HttpClient http, string registry)
    {
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{registry.TrimEnd('/')}/healthz/ready")));
            return document.RootElement.TryGetProperty("leader", out var leader) && leader.GetBoolean();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Re-checks <paramref name="condition"/> whenever a registry logged something (see <see cref="ChangeSignal"/>).</summary>
    private static async Task WaitAsync(ChangeSignal logged, Func<Task<bool>> condition, string what) =>
        Assert.True(await logged.WaitUntilAsync(condition, ChaosMesh.Deadline), $"{what}: not within {ChaosMesh.Deadline.TotalSeconds} s");

    /// <summary>A second registry process, started with the recorded one's command on another port, sharing its token file, dying with the test process.</summary>
    private sealed class SecondReplica : IAsyncDisposable
    {
        private readonly Process _process;

        private readonly string _stateDir;
        private int _disposed;

        private SecondReplica(Process process, string url, string stateDir)
        {
            _process = process;
            Url = url;
            _stateDir = stateDir;
        }

        public string Url { get; }

        /// <summary>Starts it and waits until it is ready; each line it prints pulses <paramref name="logged"/>.</summary>
        public static async Task<SecondReplica> StartAsync(GatewayMesh.Cli.Local.State.ProcessRecord recorded, string tokenFile, ChangeSignal logged)
        {
            var port = GatewayMesh.IntegrationTests.Infrastructure.RedisServer.FreePort();
            var command = recorded.Command.ToList();
            var urls = command.IndexOf("--urls");
            command[urls + 1] = $"http://127.0.0.1:{port}";
            var stateDir = command.IndexOf("--state-dir");
            command[stateDir + 1] = Directory.CreateTempSubdirectory(TempDirectory.Prefix + "registry-").FullName; // its own, like a replica on another machine
            AbandonedFolders.Claim(command[stateDir + 1]); // swept by a later run if this one is killed outright
            var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in command.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            // It dies with the test process even when that is killed outright (an aborted run), as up's own processes do.
            GatewayMesh.Core.Hosting.ParentDeathSignal.Apply(start);
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, _) => logged.Pulse();
            process.ErrorDataReceived += (_, _) => logged.Pulse();
            GatewayMesh.Core.Hosting.ParentDeathSignal.Start(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var replica = new SecondReplica(process, $"http://127.0.0.1:{port}", command[stateDir + 1]);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await WaitUntilReadyAsync(logged, http, replica.Url);
            }
            catch
            {
                await replica.DisposeAsync();
                throw;
            }

            return replica;
        }

        private static Task WaitUntilReadyAsync(ChangeSignal logged, HttpClient http, string url) =>
            WaitAsync(logged, async () =>
            {
                try
                {
                    using var ready = await http.GetAsync(new Uri($"{url}/healthz/ready"));
                    return ready.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, "the second registry replica gets ready");

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return; // the case may kill it before the end of its scope
            }

            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_stateDir, recursive: true);
        }
    }
}
