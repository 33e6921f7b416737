using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Leadership;

/// <summary>
/// Two registry processes over one real redis-server: both serve the API, exactly one leads and expires leases, and
/// when the leader is SIGKILLed (it cannot release its lease) the survivor takes over and lease expiry continues.
/// </summary>
public sealed class RegistryReplicasTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoReplicas_LeaderKilled_SurvivorLeadsAndKeepsExpiringLeases()
    {
        await using var redis = await RedisServer.StartAsync();
        string[] args = ["--redis", redis.ConnectionString, "--key-prefix", RedisServerFixture.NewKeyPrefix(), "--leader-lease", "2s"];
        await using var a = await RegistryProcess.StartAsync(args);
        await using var b = await RegistryProcess.StartAsync(args);
        using var clientA = Client(a);
        using var clientB = Client(b);
        // Leadership and lease expiry show only through the API, but each change comes with a log line ("leads now",
        // "Expired N instance leases"): the waits below re-check on each line either replica prints.
        using var logged = new ChangeSignal();
        a.Logged += logged.Pulse;
        b.Logged += logged.Pulse;
        try
        {
            await LeaderKilledAsync(logged, (a, clientA), (b, clientB));
        }
        catch
        {
            output.WriteLine($"replica A:\n{a.Logs}\nreplica B:\n{b.Logs}");
            throw;
        }
    }

    private async Task LeaderKilledAsync(ChangeSignal logged, (RegistryProcess Process, HttpClient Client) a, (RegistryProcess Process, HttpClient Client) b)
    {
        var (leader, follower) = await WaitForOneLeaderAsync(logged, a, b);
        var registered = await RegisterAsync(follower.Client, "via-follower", leaseSeconds: 1);
        await WaitUntilSweptAsync(logged, follower.Client, registered); // the leader swept what the follower wrote

        var watch = Stopwatch.StartNew();
        await leader.Process.KillAsync();
        await WaitUntilLeaderAsync(logged, follower.Client);
        output.WriteLine($"survivor leads {watch.Elapsed.TotalSeconds:0.0} s after the leader was killed (leader lease 2 s)");
        registered = await RegisterAsync(follower.Client, "after-kill", leaseSeconds: 1);
        await WaitUntilSweptAsync(logged, follower.Client, registered);

        using var apply = await follower.Client.PostAsync("/api/v1/apply", new StringContent(SampleConfigs.ReviewsRoute(), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.Contains("Campaigning for leadership", follower.Process.Logs, StringComparison.Ordinal);
        // the apply above is the survivor's first: it found the write path warm (it once outlasted the 10 s timeout cold)
        Assert.Contains("Warmed the config write path", follower.Process.Logs, StringComparison.Ordinal);
    }

    private static HttpClient Client(RegistryProcess registry)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(registry.Url), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.Token);
        return client;
    }

    private static async Task<((RegistryProcess Process, HttpClient Client) Leader, (RegistryProcess Process, HttpClient Client) Follower)> WaitForOneLeaderAsync(
        ChangeSignal logged, (RegistryProcess Process, HttpClient Client) a, (RegistryProcess Process, HttpClient Client) b)
    {
        var leadsA = false;
        Assert.True(await logged.WaitUntilAsync(async () =>
        {
            leadsA = await IsLeaderAsync(a.Client);
            var leadsB = await IsLeaderAsync(b.Client);
            Assert.False(leadsA && leadsB, "both replicas say they lead");
            return leadsA || leadsB;
        }, Deadline), "no replica took the lead");
        return leadsA ? (a, b) : (b, a);
    }

    private static async Task WaitUntilLeaderAsync(ChangeSignal logged, HttpClient client) =>
        Assert.True(await logged.WaitUntilAsync(() => IsLeaderAsync(client), Deadline), "the survivor did not take the lead");

    private static async Task<bool> IsLeaderAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("leader", out var leader) && leader.GetBoolean();
    }

    /// <summary>Registers an instance; returns the revision its registration took.</summary>
    private static async Task<long> RegisterAsync(HttpClient client, string id, int leaseSeconds)
    {
        using var response = await client.PostAsync("/api/v1/instances", RegistryTestHost.Json(RegistryInstanceApiTests.Registration(id, leaseSeconds)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("revision").GetInt64();
    }

    /// <summary>
    /// Waits until the store's revision passes <paramref name="registered"/>: nothing else writes in this test, so the
    /// next revision is the sweep removing the instance whose lease ran out (the list hides ended leases even before).
    /// </summary>
    private static async Task WaitUntilSweptAsync(ChangeSignal logged, HttpClient client, long registered) =>
        Assert.True(await logged.WaitUntilAsync(async () =>
        {
            using var body = JsonDocument.Parse(await client.GetStringAsync("/api/v1/revision"));
            return body.RootElement.GetProperty("revision").GetInt64() > registered;
        }, Deadline), $"the lease registered at revision {registered} was never swept");
}
