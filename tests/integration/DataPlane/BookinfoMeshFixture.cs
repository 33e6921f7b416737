using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.IntegrationTests.Cli;
using GatewayMesh.IntegrationTests.Up;
using Xunit;

namespace GatewayMesh.IntegrationTests.DataPlane;

[CollectionDefinition(Name)]
public sealed class BookinfoMeshCollection : ICollectionFixture<BookinfoMeshFixture>
{
    public const string Name = "Bookinfo mesh (meshctl up)";
}

/// <summary>
/// The full local mesh, started once for every test in <see cref="BookinfoMeshCollection"/>: <c>meshctl up --detach</c>
/// in a temporary repository folder with a private redis-server, the registry, the ingress and the seven Bookinfo
/// workloads (Istio's six and stats; each app behind its own sidecar), every port free, and a short lease (<see cref="LeaseTtl"/>). Dispose
/// runs <c>down</c> and kills whatever is left. Tests talk to it as a user would: <c>meshctl apply</c>, the ingress,
/// and a sidecar's outbound port as HTTP proxy; they wait for config by observing each proxy's <c>/debug/revision</c>.
/// </summary>
public sealed class BookinfoMeshFixture : IAsyncLifetime
{
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(5);

    /// <summary>How long a config or registry change may take to reach every proxy before a test fails.</summary>
    public static readonly TimeSpan SyncDeadline = TimeSpan.FromSeconds(15);

    private const int WarmUpAttempts = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SupervisedUpDeadline = TimeSpan.FromMinutes(5);
    private readonly LocalMesh _mesh = new();
    private readonly string[] _extraUpArguments = [];
    private readonly bool _supervised;
    private Task<CliResult>? _foregroundUp;
    private readonly Dictionary<string, HttpClient> _sidecarClients = [];
    private readonly List<HttpClient> _clients = [];
    private HttpClient _registry = null!;
    private HttpClient _admin = null!;
    private int _files;
    private int _disposed;

    /// <summary>The ingress's HTTP port: no proxy, no cookies, no redirects followed.</summary>
    public HttpClient Ingress { get; private set; } = null!;

    /// <summary>What <c>up</c> printed on stderr (its progress), for failure messages.</summary>
    public string UpProgress { get; private set; } = "";

    /// <summary>How long <c>meshctl up</c> took (written to a test's output, never asserted).</summary>
    public TimeSpan UpTime { get; private set; }

    internal MeshState State => _mesh.State!;

    public BookinfoMeshFixture()
    {
    }

    /// <summary>
    /// A mesh whose <c>up</c> gets <paramref name="extraUpArguments"/> too (the chaos suite asks for short certificates;
    /// a <c>--lease-ttl</c> among them replaces the fixture's short <see cref="LeaseTtl"/>);
    /// <paramref name="supervised"/> runs <c>up</c> in the foreground (in-process, until <c>down</c>), which restarts
    /// whatever exits, instead of <c>up --detach</c>.
    /// </summary>
    internal BookinfoMeshFixture(bool supervised, params string[] extraUpArguments)
    {
        _supervised = supervised;
        _extraUpArguments = extraUpArguments;
    }

    /// <summary>The temporary repository folder the mesh runs in (its <c>.meshctl/</c> holds state, logs and secrets).</summary>
    internal string RepoPath => _mesh.Repo.Path;

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        string[] arguments = [
            "up", .. _supervised ? Array.Empty<string>() : ["--detach"],
            "--redis-port", "0", "--registry-port", "0", "--ca-port", "0", "--ingress-port", "0", "--ingress-https-port", "0", "--dashboard-port", "0",
            .. (_extraUpArguments.Contains("--lease-ttl") ? Array.Empty<string>() : ["--lease-ttl", $"{LeaseTtl.TotalSeconds}s"]),
            .. _extraUpArguments];
        var up = _supervised ? await StartSupervisedAsync(arguments) : await _mesh.Cli.RunAsync(arguments);
        UpProgress = up.Error;
        UpTime = watch.Elapsed;
        if (up.ExitCode != 0)
        {
            await DisposeAsync();
            throw new InvalidOperationException($"meshctl up failed ({up.ExitCode}):\n{up.Error}\n{up.Out}");
        }

        try
        {
            await ConnectAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task<CliResult> StartSupervisedAsync(string[] arguments)
    {
        var (started, running) = await _mesh.UpSupervisedAsync(SupervisedUpDeadline, arguments);
        _foregroundUp = running;
        return started;
    }

    private async Task ConnectAsync()
    {
        Ingress = Track(new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Process("ingress").Ports["http"]}"),
            Timeout = SyncDeadline,
        });
        _registry = Track(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(State.RegistryUrl!), Timeout = SyncDeadline });
        _admin = Track(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = SyncDeadline });
        _registry.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(State.RegistryTokenFile!)).Trim());
        await WarmUpAsync();
    }

    /// <summary>
    /// One request along every path the tests take (each reviews version calling ratings through its own sidecar,
    /// details, and a page through the ingress), so no test's first request pays for JIT compilation on a loaded
    /// machine and runs into the Bookinfo apps' own 3 s call timeouts.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var direct = Track(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = SyncDeadline });
        var calls = State.Processes.Where(p => p.Service == "reviews")
            .Select(p => WarmUpAsync(p.Name, "inbound", direct, new Uri($"http://127.0.0.1:{p.Ports["inbound"]}/reviews/0")))
            .Append(WarmUpAsync("productpage-v1", "outbound", ThroughSidecar("productpage-v1"), new Uri("http://details:9080/details/0")))
            .Append(WarmUpAsync("ingress", "", Ingress, new Uri("/productpage", UriKind.Relative)));
        await Task.WhenAll(calls);
    }

    /// <summary>
    /// One warm-up call, tried up to <see cref="WarmUpAttempts"/> times: on a loaded 2-core machine the first call
    /// through a cold path (JIT in four processes) can outlast one client timeout without anything being wrong, and a
    /// fixture that fails fails every test of its collection. When every attempt fails, the message carries each
    /// attempt's error, the process's log tail and which processes still run.
    /// </summary>
    private async Task WarmUpAsync(string process, string listener, HttpClient client, Uri uri)
    {
        var errors = new List<string>();
        for (var attempt = 1; attempt <= WarmUpAttempts; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(uri);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                errors.Add($"attempt {attempt}: {ex.Message}");
            }
        }

        throw new InvalidOperationException($"warm-up GET {uri} via {process} {listener} failed {WarmUpAttempts} times: {string.Join("; ", errors)}\n{_mesh.Evidence(process)}");
    }

    /// <summary>For a failure message: which processes run, and the log tails of <paramref name="processes"/> and of any that exited.</summary>
    public string Evidence(params string[] processes) => _mesh.Evidence(processes);

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _mesh.DisposeAsync();
        if (_foregroundUp is { } up)
        {
            // down stopped the mesh: the supervising up notices and returns.
            await up.WaitAsync(SupervisedUpDeadline);
        }
    }

    /// <summary>A client whose proxy is the outbound port of <paramref name="workload"/>'s sidecar (e.g. <c>productpage-v1</c>): the app's HTTP_PROXY.</summary>
    public HttpClient ThroughSidecar(string workload)
    {
        if (!_sidecarClients.TryGetValue(workload, out var client))
        {
            var proxy = new WebProxy(new Uri($"http://127.0.0.1:{Process(workload).Ports["outbound"]}"));
            client = Track(new HttpClient(new SocketsHttpHandler { Proxy = proxy, UseProxy = true, UseCookies = false, AllowAutoRedirect = false })
            {
                Timeout = SyncDeadline,
            });
            _sidecarClients[workload] = client;
        }

        return client;
    }

    /// <summary>A process of the mesh as state.json records it (<c>ingress</c>, <c>reviews-v2</c>, ...).</summary>
    internal ProcessRecord Process(string name) => State.Processes.Single(p => p.Name == name);

    /// <summary>Runs meshctl against this mesh (its context file).</summary>
    internal Task<CliResult> MeshctlAsync(params string[] args) => _mesh.Cli.RunAsync(args);

    /// <summary><c>meshctl apply -f FILE -o json</c> with <paramref name="yaml"/>; returns the revision it was stored at.</summary>
    public async Task<long> ApplyAsync(string yaml)
    {
        var file = Path.Combine(_mesh.Repo.Path, $"apply-{Interlocked.Increment(ref _files)}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var result = await _mesh.Cli.RunAsync("apply", "-f", file, "-o", "json");
        Assert.True(result.ExitCode == 0, $"meshctl apply failed ({result.ExitCode}): {result.Error}{result.Out}");
        return LocalMesh.Json(result.Out).GetProperty("revision").GetInt64();
    }

    /// <summary>Applies a file of configs/bookinfo.</summary>
    public Task<long> ApplyBookinfoAsync(string fileName) =>
        ApplyAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", fileName)));

    /// <summary>Applies <paramref name="yaml"/>, then waits until every live proxy serves it.</summary>
    public async Task ApplyAndSyncAsync(string yaml) => await WaitForProxiesAsync(await ApplyAsync(yaml));

    public async Task<long> RegistryRevisionAsync()
    {
        using var document = JsonDocument.Parse(await _registry.GetStringAsync(new Uri("/api/v1/revision", UriKind.Relative)));
        return document.RootElement.GetProperty("revision").GetInt64();
    }

    /// <summary>
    /// Waits until every live proxy (the ingress and each sidecar whose process still runs) reports through its admin
    /// <c>/debug/revision</c> at least <paramref name="revision"/>: observing the proxies, with a generous deadline.
    /// </summary>
    public async Task WaitForProxiesAsync(long revision)
    {
        var waited = Stopwatch.StartNew();
        var proxies = State.Processes.Where(p => p.Role is not null).ToList();
        while (true)
        {
            var behind = new List<string>();
            foreach (var proxy in proxies.Where(ProcessSupervisor.IsAlive))
            {
                var applied = await AdminProbe.RevisionAsync(proxy.Ports["admin"], CancellationToken.None);
                if (applied is null || applied < revision)
                {
                    behind.Add($"{proxy.Name} at {applied?.ToString() ?? "?"}");
                }
            }

            if (behind.Count == 0)
            {
                return;
            }

            Assert.True(waited.Elapsed < SyncDeadline, $"not at revision {revision} within {SyncDeadline.TotalSeconds} s: {string.Join(", ", behind)}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The live proxies whose compiled config (admin <c>/debug/config</c>) has an endpoint at <paramref name="address"/>.</summary>
    public async Task<List<string>> ProxiesRoutingToAsync(string address)
    {
        var needle = $"\"address\":\"{address}\"";
        var routing = new List<string>();
        foreach (var proxy in State.Processes.Where(p => p.Role is not null).Where(ProcessSupervisor.IsAlive))
        {
            var config = await _admin.GetStringAsync(new Uri($"http://127.0.0.1:{proxy.Ports["admin"]}/debug/config"));
            if (config.Replace(" ", "", StringComparison.Ordinal).Contains(needle, StringComparison.Ordinal))
            {
                routing.Add(proxy.Name);
            }
        }

        return routing;
    }

    /// <summary>Waits until no live proxy has an endpoint at <paramref name="address"/>: it has left every load-balancing pool.</summary>
    public async Task WaitUntilNoProxyRoutesToAsync(string address, TimeSpan deadline)
    {
        var waited = Stopwatch.StartNew();
        while (await ProxiesRoutingToAsync(address) is { Count: > 0 } still)
        {
            Assert.True(waited.Elapsed < deadline, $"{string.Join(", ", still)} still route to {address} after {waited.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Registers an instance through the registry API (as a sidecar would); returns the revision of the write.</summary>
    public async Task<long> RegisterAsync(string service, string instanceId, int port, string version = "v1")
    {
        var body = new
        {
            instance = new
            {
                service,
                @namespace = "default",
                instanceId,
                address = "127.0.0.1",
                port,
                labels = new Dictionary<string, string> { ["app"] = service, ["version"] = version },
                serviceAccount = service,
                health = "HEALTHY",
            },
            leaseSeconds = 300,
        };
        using var response = await _registry.PostAsJsonAsync(new Uri("/api/v1/instances", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"register {service}/{instanceId}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("revision").GetInt64();
    }

    public async Task DeregisterAsync(string service, string instanceId)
    {
        using var response = await _registry.DeleteAsync(new Uri($"/api/v1/instances/default/{service}/{instanceId}", UriKind.Relative));
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
