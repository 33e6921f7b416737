using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Cli.Local.Processes;
using Xunit;

namespace GatewayMesh.IntegrationTests.Up;

[UnsupportedOSPlatform("windows")]
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

        // HTTPS: the localhost credential up created, trusted through the local CA only.
        var httpsPort = state.Processes.Single(p => p.Name == "ingress").Ports["https"];
        Assert.Contains($"https://localhost:{httpsPort}/productpage", up.Out);
        var key = Path.Combine(mesh.CredentialsDir, "bookinfo-credential", "tls.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(mesh.Repo.Path, ".meshctl", "tls", "ca.key")));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(mesh.LocalCaFile));
        using var https = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new() { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsOnly(ca, certificate, errors) },
        })
        { Timeout = TimeSpan.FromSeconds(20) };
        using var secure = await https.GetAsync(new Uri($"https://localhost:{httpsPort}/productpage"));
        var secureBody = await secure.Content.ReadAsStringAsync();
        Assert.True(secure.IsSuccessStatusCode, $"HTTP {(int)secure.StatusCode}: {secureBody}");
        Assert.Contains("Reviews served by: reviews-v1", secureBody);

        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        var ingressPorts = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "ingress").GetProperty("ports");
        Assert.Equal(httpsPort, ingressPorts.GetProperty("https").GetInt32());
        var sidecars = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("role", out var role) && role.GetString() == "sidecar").ToList();
        Assert.Equal(6, sidecars.Count);
        Assert.All(sidecars, c => Assert.Equal("ready", c.GetProperty("state").GetString()));

        var pids = state.Processes.Select(p => p.Pid).ToList();
        var down = await mesh.Cli.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.All(pids, pid => Assert.False(ProcFs.IsRunning(pid), $"pid {pid} still runs"));
    }

    /// <summary>The name must match (only the chain may be untrusted by the system) and the chain must end at <paramref name="root"/>.</summary>
    private static bool TrustsOnly(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
