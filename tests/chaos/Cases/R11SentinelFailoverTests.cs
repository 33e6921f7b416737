using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R11: the store is a Sentinel deployment (primary, replica, three <c>redis-sentinel</c>s), and the registry and an
/// ingress reach it through the Sentinels (<c>serviceName=</c>). Under steady load through the ingress the primary is
/// SIGKILLed: no request fails (the ingress serves from memory), Sentinel promotes the replica, the registry's next
/// write goes there without operator action, and it reaches the ingress.
/// </summary>
public sealed class R11SentinelFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task R11_PrimaryFailoverUnderLoad_NoRequestFailsAndWritesResumeWithoutOperatorAction()
    {
        await using var sentinels = await RedisSentinelSet.StartAsync();
        var redis = $"{sentinels.ConnectionString},connectTimeout=1000,asyncTimeout=2000,syncTimeout=2000";
        await using var registry = await RegistryProcess.StartAsync("--redis", redis);
        await using var a = await EchoInstance.StartAsync("echo-a");
        await using var b = await EchoInstance.StartAsync("echo-b");
        await using var ingress = await IngressProcess.StartAsync("--redis", redis);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(registry.Url), Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.Token);
        foreach (var echo in new[] { a, b })
        {
            using var registered = await api.PostAsync("/api/v1/instances", new StringContent(Registration(echo), Encoding.UTF8, "application/json"));
            registered.EnsureSuccessStatusCode();
        }

        var revision = await ApplyAsync(api, Config("v1"));
        await WaitForRevisionAsync(ingress, revision, Stopwatch.StartNew());
        await using var load = SteadyLoad.Start(ingress.HttpPort, grpcAuthority: null, path: "/", pageIsGood: body => body.StartsWith("echo-", StringComparison.Ordinal), host: "echo", h2c: false);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);

        var failover = Stopwatch.StartNew();
        await sentinels.Primary.StopAsync();
        long written;
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                written = await ApplyAsync(api, Config("v2"));
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } && failover.Elapsed < ChaosMesh.Deadline)
            {
                await Task.Delay(200);
            }
        }

        var accepted = failover.Elapsed;
        var converged = await WaitForRevisionAsync(ingress, written, failover);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();

        ChaosReport.Record(
            new ChaosFigure("R11", load.Description, "Sentinel: primary SIGKILL, replica promoted", sent, failed, lost, $"{converged.TotalSeconds:0.0} s from the kill to the ingress applying the next write")
            {
                Notes = $"write accepted {accepted.TotalSeconds:0.0} s after the kill ({attempts} attempts, no operator action)",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private static async Task<long> ApplyAsync(HttpClient api, string yaml)
    {
        using var response = await api.PostAsync("/api/v1/apply", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"apply: HTTP {(int)response.StatusCode} {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("revision").GetInt64();
    }

    private static async Task<TimeSpan> WaitForRevisionAsync(IngressProcess ingress, long revision, Stopwatch since)
    {
        while ((await AdminProbe.RevisionAsync(ingress.AdminPort, CancellationToken.None) ?? 0) < revision)
        {
            Assert.True(since.Elapsed < ChaosMesh.Deadline, $"the ingress never reached revision {revision}:\n{ingress.Log}");
            await Task.Delay(50);
        }

        return since.Elapsed;
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
}
