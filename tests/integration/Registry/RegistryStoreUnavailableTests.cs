using System.Net;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// Issue 15: while the store is unreachable (a paused redis-server: it accepts and never answers, as a primary does
/// until Sentinel gives up on it), every config write answers 503 with <c>Retry-After</c> and a clear error within
/// <c>--write-timeout</c>, never hangs, and changes nothing once the store is back.
/// </summary>
public sealed class RegistryStoreUnavailableTests
{
    [Fact]
    public async Task Writes_StorePaused_Answer503WithRetryAfter_AndChangeNothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var registry = await RegistryTestHost.StartAsync(
            storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", RedisServerFixture.NewKeyPrefix(), "--write-timeout", "1s"]);
        await WriteFirstAsync(registry);

        PosixSignals.Send(redis.Pid!.Value, 19); // SIGSTOP
        try
        {
            // Two applies at once: the second waits behind the first, and is bounded the same way.
            var applies = new[] { "v2", "v3" }.Select(subset => registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(SampleConfigs.ReviewsRoute(subset)))).ToList();
            var replace = registry.Client.PutAsync("/api/v1/configs/VirtualService/default/reviews", RegistryTestHost.Yaml(SampleConfigs.ReviewsRoute("v2")));
            var delete = registry.Client.DeleteAsync("/api/v1/configs/VirtualService/default/reviews");
            foreach (var answer in applies.Append(replace).Append(delete))
            {
                using var response = await answer;
                var body = await RegistryTestHost.ReadJsonAsync(response);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                Assert.StartsWith("config store unavailable: ", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Contains("nothing was written", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
        finally
        {
            PosixSignals.Send(redis.Pid!.Value, 18); // SIGCONT
        }

        using var stored = await registry.Client.GetAsync("/api/v1/configs/VirtualService/default/reviews");
        var resource = await RegistryTestHost.ReadJsonAsync(stored);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("v1", resource["spec"]!["http"]![0]!["route"]![0]!["destination"]!["subset"]!.GetValue<string>());
        Assert.Contains("Answered 503 to POST /api/v1/apply: the config store is unavailable (nothing written: True)", registry.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The route before the outage. A loaded machine can stall the first write past the short write timeout; a 503 then
    /// says to retry, which is what a client does (each attempt is bounded by the registry, so this never spins freely).
    /// </summary>
    private static async Task WriteFirstAsync(RegistryTestHost registry)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var first = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(SampleConfigs.ReviewsRoute("v1")));
            if (first.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(first.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 20, $"{(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        }
    }
}
