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
            ["redis", "registry", "ca", "dashboard", "ingress", "productpage-v1", "details-v1", "reviews-v1", "reviews-v2", "reviews-v3", "ratings-v1", "stats-v1"],
            state.Processes.Select(p => p.Name));
        var ingressPort = state.Processes.Single(p => p.Name == "ingress").Ports["http"];
        Assert.Contains($"Bookinfo: http://localhost:{ingressPort}/productpage", up.Out);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{ingressPort}/productpage"));
        var body = await response.Content.ReadAsStringAsync();
        AssertPage(mesh, response, body, "Reviews served by: reviews-v1");
        await AssertDaprBuildingBlocksAsync(mesh, state, ingressPort);
        // productpage asks stats after reviews answered; stats counted the views above, so the page shows a count of at least 1.
        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{ingressPort}/productpage"));
        var viewed = System.Text.RegularExpressions.Regex.Match(page, "Reviews viewed ([0-9]+) time");
        Assert.True(viewed.Success && long.Parse(viewed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, page);

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
        AssertPage(mesh, secure, secureBody, "Reviews served by: reviews-v1");

        var status = await mesh.Cli.RunAsync("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        var ingressPorts = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "ingress").GetProperty("ports");
        Assert.Equal(httpsPort, ingressPorts.GetProperty("https").GetInt32());
        var sidecars = LocalMesh.Json(status.Out).GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("role", out var role) && role.GetString() == "sidecar").ToList();
        Assert.Equal(7, sidecars.Count);
        Assert.All(sidecars, c => Assert.Equal("ready", c.GetProperty("state").GetString()));

        var pids = state.Processes.Select(p => p.Pid).ToList();
        var down = await mesh.Cli.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.All(pids, pid => Assert.False(ProcFs.IsRunning(pid), $"pid {pid} still runs"));
    }

    /// <summary>
    /// Bookinfo on Dapr under up: a rating posted to ratings lands in the state store (daprd's hash layout, under ratings'
    /// own Redis user) and is served back; reviews' review-viewed events are in their stream with stats' consumer group,
    /// and stats counted at least the productpage view above (its state, read back through stats' own API).
    /// </summary>
    private static async Task AssertDaprBuildingBlocksAsync(LocalMesh mesh, GatewayMesh.Cli.Local.State.MeshState state, int ingressPort)
    {
        var ratings = state.Processes.Single(p => p.Name == "ratings-v1").Ports["inbound"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var posted = await http.PostAsync(new Uri($"http://127.0.0.1:{ratings}/ratings/0"),
            new StringContent("""{"reviewer":"Reviewer1","rating":2}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        Assert.Contains("\"Reviewer1\":2", await http.GetStringAsync(new Uri($"http://127.0.0.1:{ratings}/ratings/0")));

        var password = File.ReadAllText(Path.Combine(mesh.Repo.Path, ".meshctl", "secrets", "redis-default.password")).Trim();
        var redis = state.Processes.Single(p => p.Name == "redis").Ports["redis"];
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis},password={password}");
        var db = admin.GetDatabase();
        Assert.False((await db.HashGetAsync("ratings||ratings-0", "version")).IsNullOrEmpty);
        Assert.Contains("\"Reviewer1\":2", (string?)await db.HashGetAsync("ratings||ratings-0", "data"));
        // Delivery is asynchronous (stats' sidecar reads the stream), and reviews gives up a publish after 2 s rather than
        // hold up the page (a cold sidecar on a loaded machine can miss it): view the page until stats has counted a view.
        var stats = state.Processes.Single(p => p.Name == "stats-v1").Ports["inbound"];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            using (await http.GetAsync(new Uri($"http://127.0.0.1:{ingressPort}/productpage"), deadline.Token))
            {
            }

            using var counted = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{stats}/stats/0"), deadline.Token));
            if (counted.RootElement.GetProperty("reviewViews").GetInt64() >= 1)
            {
                break;
            }
        }

        Assert.Contains(await db.StreamGroupInfoAsync("review-viewed"), g => g.Name == "stats");
        Assert.True(await db.StreamLengthAsync("review-viewed") >= 1);
        Assert.False((await db.HashGetAsync("stats||views-0", "version")).IsNullOrEmpty);

        // Each app's Redis login and API tokens are owner-only files, and its Redis user is not the proxies'.
        var appSecrets = Path.Combine(mesh.Repo.Path, ".meshctl", "secrets", "dapr", "ratings");
        foreach (var file in new[] { "secrets/dapr-redis/password", "secrets/dapr-redis/username", "api-token", "app-api-token" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(appSecrets, file)));
        }

        Assert.Equal("app-ratings", File.ReadAllText(Path.Combine(appSecrets, "secrets", "dapr-redis", "username")).Trim());
    }

    /// <summary>A successful page containing <paramref name="expected"/>; else a failure with the page's text and the Bookinfo processes' log tails.</summary>
    private static void AssertPage(LocalMesh mesh, HttpResponseMessage response, string body, string expected)
    {
        if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
        {
            Assert.Fail($"HTTP {(int)response.StatusCode}, expected '{expected}' in: {LocalMesh.PageText(body)}\n"
                + mesh.Evidence("ingress", "productpage-v1", "details-v1", "reviews-v1", "ratings-v1"));
        }
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
