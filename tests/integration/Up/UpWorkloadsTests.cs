using GatewayMesh.Cli.Local;
using Xunit;

namespace GatewayMesh.IntegrationTests.Up;

public sealed class UpWorkloadsTests
{
    [Fact]
    public async Task UpDetach_WithWorkloads_ServesProductpageThroughIngressAndDownStopsEverything()
    {
        await using var mesh = new LocalMesh();

        var up = await mesh.UpWithWorkloadsAsync();
        Assert.True(up.ExitCode == 0, up.Error);
        var state = mesh.State!;
        Assert.Equal(
            ["redis", "registry", "ca", "ingress", "productpage-v1", "details-v1", "reviews-v1", "reviews-v2", "reviews-v3", "ratings-v1"],
            state.Processes.Select(p => p.Name));
        var ingressPort = state.Processes.Single(p => p.Name == "ingress").Ports["http"];
        Assert.Contains($"Bookinfo: http://localhost:{ingressPort}/productpage", up.Out);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{ingressPort}/productpage"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.Contains("Reviews served by: reviews-v1", body);

        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        var sidecars = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("role", out var role) && role.GetString() == "sidecar").ToList();
        Assert.Equal(6, sidecars.Count);
        Assert.All(sidecars, c => Assert.Equal("ready", c.GetProperty("state").GetString()));

        var pids = state.Processes.Select(p => p.Pid).ToList();
        var down = await mesh.Cli.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.All(pids, pid => Assert.False(ProcFs.IsRunning(pid), $"pid {pid} still runs"));
    }
}
