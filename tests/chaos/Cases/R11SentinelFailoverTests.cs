using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R11: the store is a Sentinel deployment (primary, replica, three <c>redis-sentinel</c>s), and the registry and an
/// ingress reach it through the Sentinels (<c>serviceName=</c>). Under steady load through the ingress the primary is
/// SIGKILLed: no request fails (the ingress serves from memory). An apply sent at once, while Sentinel has not promoted
/// the replica yet, is answered within the registry's write timeout: either 503 with <c>Retry-After</c> and nothing
/// written, or accepted on the new primary. Once Sentinel announces the new primary (<c>+switch-master</c>), the
/// registry's next write goes there without operator action, and it reaches the ingress.
/// </summary>
public sealed class R11SentinelFailoverTests(ITestOutputHelper output)
{
    private const string WriteTimeout = "3s";

    [Fact]
    public async Task R11_PrimaryFailoverUnderLoad_NoRequestFailsAndWritesResumeWithoutOperatorAction()
    {
        await using var sentinels = await RedisSentinelSet.StartAsync();
        var redis = $"{sentinels.ConnectionString},connectTimeout=1000,asyncTimeout=2000,syncTimeout=2000";
        await using var registry = await RegistryProcess.StartAsync("--redis", redis, "--write-timeout", WriteTimeout);
        await using var a = await EchoInstance.StartAsync("echo-a");
        await using var b = await EchoInstance.StartAsync("echo-b");
        await using var ingress = await IngressProcess.StartAsync("--redis", redis);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(registry.Url), Timeout = ChaosMesh.Deadline };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.Token);
        foreach (var echo in new[] { a, b })
        {
            using var registered = await api.PostAsync("/api/v1/instances", new StringContent(Registration(echo), Encoding.UTF8, "application/json"));
            registered.EnsureSuccessStatusCode();
        }

        var first = await ApplyAsync(api, Config("v1"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        await ingress.WaitForRevisionAsync(first.Revision, ChaosMesh.Deadline);
        await using var load = SteadyLoad.Start(ingress.HttpPort, grpcAuthority: null, path: "/", pageIsGood: body => body.StartsWith("echo-", StringComparison.Ordinal), host: "echo", h2c: false);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        await sentinels.WaitForReplicaAsync(); // Redis replicates asynchronously: the v1 round must be on the replica before the kill

        await using var failover = await sentinels.WatchFailoverAsync();
        var clock = Stopwatch.StartNew();
        await sentinels.Primary.StopAsync();

        // While the primary is gone: answered within the write timeout, never a hang, never a half or late write.
        var during = await ApplyAsync(api, Config("during"));
        var duringAnswered = clock.Elapsed;
        output.WriteLine($"apply right after the kill: {(int)during.Status} after {duringAnswered.TotalSeconds:0.0} s: {during.Body}");
        Assert.True(during.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, during.Body);
        if (during.Status == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), during.RetryAfter);
            Assert.Contains("config store unavailable: ", during.Body, StringComparison.Ordinal);
        }

        await failover.Switched.Task.WaitAsync(ChaosMesh.Deadline);
        var switched = clock.Elapsed;

        // Writes resume without operator action: each attempt is bounded by the registry's write timeout, and waits in
        // the registry's client until it has followed the switch; a 503 says to try again.
        var attempts = 0;
        (HttpStatusCode Status, long Revision, string Body, TimeSpan? RetryAfter) written;
        do
        {
            attempts++;
            written = await ApplyAsync(api, Marker("after"));
            Assert.True(written.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, written.Body);
            Assert.True(clock.Elapsed < ChaosMesh.Deadline, $"no write accepted within {ChaosMesh.Deadline.TotalSeconds} s of the kill: {written.Body}\n{registry.Logs}");
        }
        while (written.Status != HttpStatusCode.OK);

        var accepted = clock.Elapsed;
        // The apply during the failover took effect exactly when it said so (a 503 that does not know says so).
        var round = await StoredRoundAsync(api);
        if (during.Status == HttpStatusCode.OK || during.Body.Contains("nothing was written", StringComparison.Ordinal))
        {
            Assert.Equal(during.Status == HttpStatusCode.OK ? "during" : "v1", round);
        }

        await ingress.WaitForRevisionAsync(written.Revision, ChaosMesh.Deadline);
        var converged = clock.Elapsed;
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();

        ChaosReport.Record(
            new ChaosFigure("R11", load.Description, "Sentinel: primary SIGKILL, replica promoted", sent, failed, lost, $"{converged.TotalSeconds:0.0} s from the kill to the ingress applying the next write")
            {
                Notes = $"apply during the failover answered {(int)during.Status} in {duringAnswered.TotalSeconds:0.0} s; +switch-master {switched.TotalSeconds:0.0} s; " +
                    $"write accepted {accepted.TotalSeconds:0.0} s after the kill ({attempts} attempt(s) after the switch, no operator action)",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private static async Task<(HttpStatusCode Status, long Revision, string Body, TimeSpan? RetryAfter)> ApplyAsync(HttpClient api, string yaml)
    {
        using var response = await api.PostAsync("/api/v1/apply", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, 0, body, response.Headers.RetryAfter?.Delta);
        }

        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.GetProperty("revision").GetInt64(), body, null);
    }

    /// <summary>The round label of the stored echo VirtualService: which apply wrote it last.</summary>
    private static async Task<string?> StoredRoundAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/v1/configs/VirtualService/default/echo");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("metadata").GetProperty("labels").GetProperty("round").GetString();
    }

    private static string Registration(EchoInstance echo) => JsonSerializer.Serialize(new
    {
        instance = new
        {
            service = "echo", @namespace = "default", instanceId = echo.Name, address = "127.0.0.1", port = echo.Port,
            labels = new Dictionary<string, string> { ["app"] = "echo", ["version"] = "v1" },
        },
        leaseSeconds = 300,
    });

    /// <summary>A gateway and a route to the echo service; <paramref name="label"/> changes so each apply is a real write.</summary>
    private static string Config(string label) => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: echo
          labels:
            round: {{label}}
        spec:
          hosts: [echo]
          gateways: [gw]
          http:
          - route:
            - destination:
                host: echo
        """;

    /// <summary>A second route at the gateway (host <c>marker</c>): a write after the failover that leaves the echo route as it was.</summary>
    private static string Marker(string label) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: echo-marker
          labels:
            round: {{label}}
        spec:
          hosts: [marker]
          gateways: [gw]
          http:
          - route:
            - destination:
                host: echo
        """;
}
