using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Dapr.Client;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.IntegrationTests.Up;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>
/// <c>meshctl run -f dapr.yaml</c> (issue 14) as a user runs it: the real meshctl in its own process against a real
/// local mesh (<c>up</c>: redis-server and the registry), two Bookinfo apps on the unmodified Dapr SDK beside their own
/// sidecars, then SIGINT.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class MeshctlRunTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunFile_TwoDaprApps_InvokeAndSaveStateThroughTheMesh_SigintStopsEveryProcess()
    {
        await using var mesh = new LocalMesh();
        var up = await mesh.UpAsync();
        Assert.True(up.ExitCode == 0, up.Error);
        var bookinfo = Path.Combine(AppContext.BaseDirectory, "bookinfo.dll");
        mesh.Repo.Write("apps/ratings/.keep", "");
        mesh.Repo.Write("apps/reviews/.keep", "");
        var ratingsPort = FreePort();
        var reviewsPort = FreePort();
        var runFile = mesh.Repo.Write("apps/dapr.yaml", $"""
            version: 1
            common:
              env:
                CLUSTER_NAME: from-common
            apps:
              - appID: ratings
                appDirPath: ./ratings
                appPort: {ratingsPort}
                command: ["{MeshctlProcess.Dotnet}", "{bookinfo}", "ratings"]
              - appID: reviews
                appDirPath: ./reviews/
                appPort: {reviewsPort}
                command: ["{MeshctlProcess.Dotnet}", "{bookinfo}", "reviews", "--version", "v2"]
                logLevel: debug
                env:
                  CLUSTER_NAME: run-file-cluster
            """);

        using var run = new MeshctlProcess(mesh, "run", "-f", runFile);
        try
        {
            await run.WaitForErrorLineAsync("2 apps running; ", StartTimeout);
            Assert.Contains("apps[1].logLevel: a daprd setting the mesh's sidecar does not use; ignored", run.Error);
            var state = mesh.State!;
            var ratings = state.Processes.Single(p => p.Name == "ratings");
            var reviews = state.Processes.Single(p => p.Name == "reviews");
            Assert.Equal(("sidecar", "ratings", "v1"), (ratings.Role, ratings.Service, ratings.Version));

            // Dapr service invocation through reviews' sidecar (the SDK's invoke client, with reviews' API token): ratings
            // saves the rating with the SDK's state API.
            var token = File.ReadAllText(Path.Combine(mesh.Repo.Path, ".meshctl", "secrets", "dapr", "reviews", "api-token")).Trim();
            using (var invoke = DaprClient.CreateInvokeHttpClient("ratings", $"http://127.0.0.1:{reviews.Ports["dapr-http"]}", token))
            {
                invoke.Timeout = TimeSpan.FromSeconds(30);
                using var posted = await invoke.PostAsJsonAsync("/ratings/0", new { reviewer = "Reviewer1", rating = 2 });
                var answer = await posted.Content.ReadAsStringAsync();
                Assert.True(posted.IsSuccessStatusCode, $"HTTP {(int)posted.StatusCode}: {answer}");
                Assert.Equal(2, JsonDocument.Parse(answer).RootElement.GetProperty("ratings").GetProperty("Reviewer1").GetInt32());
            }

            // reviews v2 asks ratings through the mesh (its sidecar's outbound), and got its CLUSTER_NAME from the run file.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var reviewsBody = await http.GetStringAsync(new Uri($"http://127.0.0.1:{reviews.Ports["inbound"]}/reviews/0"));
            var reviewsJson = JsonDocument.Parse(reviewsBody).RootElement;
            Assert.Equal("run-file-cluster", reviewsJson.GetProperty("clustername").GetString());
            var first = reviewsJson.GetProperty("reviews").EnumerateArray().Single(r => r.GetProperty("reviewer").GetString() == "Reviewer1");
            Assert.Equal(2, first.GetProperty("rating").GetProperty("stars").GetInt32());

            // The state is in the mesh's Redis in daprd's layout, under ratings' app id.
            var redisPort = state.Processes.Single(p => p.Name == "redis").Ports.Values.First();
            var password = File.ReadAllText(Path.Combine(mesh.Repo.Path, ".meshctl", "secrets", "redis-default.password")).Trim();
            await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort},user=default,password={password}"))
            {
                var hash = (await redis.GetDatabase().HashGetAllAsync("ratings||ratings-0")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
                Assert.True(hash.ContainsKey("version"), string.Join(", ", hash.Keys));
                Assert.Equal(2, JsonDocument.Parse(hash["data"]).RootElement.GetProperty("Reviewer1").GetInt32());
            }

            // Each app's own output, prefixed with its app id.
            Assert.Contains(run.OutputLines, l => l.StartsWith("== APP - ratings == bookinfo ratings-", StringComparison.Ordinal));
            Assert.Contains(run.OutputLines, l => l.StartsWith("== APP - reviews == bookinfo reviews-", StringComparison.Ordinal));

            // SIGINT: every process the run started (sidecars and apps) is gone, their records too; the mesh stays.
            var started = MeshctlProcess.Descendants(run.Pid);
            Assert.True(started.Count >= 4, $"expected two sidecars and two apps under meshctl run, found pids {string.Join(", ", started)}");
            Assert.False(ProcFs.IgnoresSignal(run.Pid, PosixSignals.SigInt), "meshctl run ignores SIGINT, so Ctrl-C cannot stop it:\n" + run.Describe());
            Assert.Contains("2 apps running; Ctrl-C stops them all", run.Error);
            run.Signal(PosixSignals.SigInt);
            var exitCode = await run.WaitForExitAsync(StopTimeout);
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{run.Error}");
            Assert.All(started, pid => Assert.False(ProcFs.IsRunning(pid), $"pid {pid} still runs"));
            Assert.True(run.Error.Contains("stopped ratings and its app", StringComparison.Ordinal), run.Describe());
            var after = mesh.State!;
            Assert.DoesNotContain(after.Processes, p => p.Name is "ratings" or "reviews");
            Assert.All(after.Processes, p => Assert.True(ProcessSupervisor.IsAlive(p), $"{p.Name} of the mesh stopped"));
        }
        finally
        {
            run.KillEverything();
        }
    }

    [Fact]
    public async Task Run_SingleAppThatExits_GetsDaprEnvironmentAndEndsWithItsExitCode()
    {
        await using var mesh = new LocalMesh();
        var up = await mesh.UpAsync();
        Assert.True(up.ExitCode == 0, up.Error);

        using var run = new MeshctlProcess(mesh, "run", "--app-id", "hello", "--", "sh", "-c",
            "echo \"id=$APP_ID http=$DAPR_HTTP_PORT grpc=$DAPR_GRPC_PORT token=${DAPR_API_TOKEN:+set} dir=$(basename \"$PWD\")\"; exit 3");
        try
        {
            var exitCode = await run.WaitForExitAsync(StartTimeout);

            Assert.True(exitCode == 3, $"exit code {exitCode}\n{run.Error}\n{string.Join('\n', run.OutputLines)}");
            Assert.Contains(run.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(
                l, $"^== APP - hello == id=hello http=[0-9]+ grpc=[0-9]+ token=set dir={Path.GetFileName(mesh.Repo.Path)}$"));
            Assert.DoesNotContain(mesh.State!.Processes, p => p.Name == "hello");
            var sidecarState = Path.Combine(mesh.Repo.Path, ".meshctl", "proxies", "hello");
            Assert.DoesNotContain(CommandLines(), c => c.Contains(sidecarState, StringComparison.Ordinal)); // its sidecar is gone too
        }
        finally
        {
            run.KillEverything();
        }
    }

    [Fact]
    public async Task Run_SidecarOnlyForAnAppStartedElsewhere_GetsItsProxyConfigAndRunsUntilSigterm()
    {
        await using var mesh = new LocalMesh();
        var up = await mesh.UpAsync();
        Assert.True(up.ExitCode == 0, up.Error);
        var proxyConfig = mesh.Repo.Write("proxyconfig.yaml", """
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: elsewhere, namespace: default}
            spec:
              selector: {matchLabels: {app: elsewhere, version: v1}}
              concurrency: 1
              environmentVariables: {ISTIO_META_TEAM: elsewhere}
            """);
        var apply = await mesh.Cli.RunAsync("apply", "-f", proxyConfig);
        Assert.True(apply.ExitCode == 0, apply.Out + apply.Error);
        using var app = new TcpListener(IPAddress.Loopback, 0); // the app, started by the user, listening on its port
        app.Start();
        var port = ((IPEndPoint)app.LocalEndpoint).Port;

        using var run = new MeshctlProcess(mesh, "run", "--app-id", "elsewhere", "--app-port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await run.WaitForErrorLineAsync("1 app running; ", StartTimeout);
            var sidecar = mesh.State!.Processes.Single(p => p.Name == "elsewhere");
            Assert.True(ProcessSupervisor.IsAlive(sidecar), "the sidecar is not running");
            var environ = File.ReadAllText($"/proc/{sidecar.Pid}/environ").Split('\0'); // as up's sidecars: the ProxyConfig selecting app=elsewhere, version=v1
            Assert.Contains("ISTIO_META_TEAM=elsewhere", environ);
            Assert.Contains("DOTNET_PROCESSOR_COUNT=1", environ);

            run.Signal(PosixSignals.SigTerm);
            var exitCode = await run.WaitForExitAsync(StopTimeout);
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{run.Error}");
            Assert.False(ProcFs.IsRunning(sidecar.Pid), "the sidecar still runs");
            Assert.DoesNotContain(mesh.State!.Processes, p => p.Name == "elsewhere");
        }
        finally
        {
            run.KillEverything();
        }
    }

    /// <summary>
    /// A slow but compliant stop: the app ignores SIGTERM, so its sidecar drains, gives it its whole grace
    /// (<c>ProxyShutdown.AppGrace</c>, 10 s), kills it and exits. meshctl once gave the sidecar 10 s from its own
    /// SIGTERM, so it SIGKILLed such a sidecar first and said it "ignored SIGTERM"; its grace now covers the sidecar's.
    /// </summary>
    [Fact]
    public async Task Run_AppIgnoresSigterm_SidecarGetsItsWholeStopAndIsNotKilled()
    {
        await using var mesh = new LocalMesh();
        var up = await mesh.UpAsync();
        Assert.True(up.ExitCode == 0, up.Error);

        using var run = new MeshctlProcess(mesh, "run", "--app-id", "stubborn", "--", "sh", "-c", "trap '' TERM; exec sleep 600");
        try
        {
            await run.WaitForErrorLineAsync("1 app running; ", StartTimeout);
            var sidecar = mesh.State!.Processes.Single(p => p.Name == "stubborn");

            run.Signal(PosixSignals.SigTerm);
            var exitCode = await run.WaitForExitAsync(StopTimeout);

            Assert.True(exitCode == 0, $"exit code {exitCode}\n{run.Error}");
            Assert.True(run.Error.Contains("stopped stubborn and its app", StringComparison.Ordinal), run.Describe());
            Assert.DoesNotContain("killed it", run.Error, StringComparison.Ordinal);
            Assert.False(ProcFs.IsRunning(sidecar.Pid), "the sidecar still runs");
            Assert.DoesNotContain(mesh.State!.Processes, p => p.Name == "stubborn");
        }
        finally
        {
            run.KillEverything();
        }
    }

    [Fact]
    public async Task RunFile_Invalid_ReportsEveryErrorWithExitCode2AndStartsNothing()
    {
        await using var mesh = new LocalMesh();
        var file = mesh.Repo.Write("dapr.yaml", """
            version: 1
            apps:
              - appID: Orders
                appDirPath: ./nowhere
                appPort: 0
            """);

        var result = await mesh.Cli.RunAsync("run", "-f", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("apps[0].appID: 'Orders' is not a valid app id", result.Error);
        Assert.Contains("apps[0].appDirPath: folder './nowhere' does not exist", result.Error);
        Assert.Contains("apps[0].appPort: '0' is not a port number (1-65535) (line 5)", result.Error);
        Assert.False(File.Exists(mesh.StateFile)); // no mesh was started for a run file that cannot run
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The command line of every live process.</summary>
    private static IEnumerable<string> CommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // it ended meanwhile
            }

            yield return text;
        }
    }
}
