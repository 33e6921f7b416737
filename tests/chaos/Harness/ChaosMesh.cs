using System.Diagnostics;
using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.IntegrationTests.DataPlane;
using GatewayMesh.IntegrationTests.Protocols;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.ChaosTests.Harness;

[CollectionDefinition(Name)]
public sealed class ChaosMeshCollection : ICollectionFixture<ChaosMesh>
{
    public const string Name = "chaos: the meshctl up mesh";
}

/// <summary>
/// The mesh every chaos case (but the Sentinel one) breaks: <c>meshctl up --cert-ttl 20s</c> with Bookinfo, the default
/// 10 s instance lease and 20 s workload certificates (so every proxy rotates all through the suite), run in the foreground
/// (in-process), so <c>up</c> supervises it and restarts whatever a case kills. On top: a gRPC greeter registered with the registry and routed at the ingress by
/// authority <c>greeter</c>, so the load carries a stream. The cases run one at a time and leave the mesh as they
/// found it (every process running, Bookinfo's routing).
/// </summary>
public sealed class ChaosMesh : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly CancellationTokenSource _stop = new();
    private GrpcTestApp? _greeter;
    private Task _heartbeats = Task.CompletedTask;
    private CertificateWatch? _certificates;

    // up's default 10 s instance lease (the integration tests' 5 s one makes expiry tests quick): in R10 the sidecars'
    // only registry URL is the killed leader's, so their leases must outlast its restart by the supervisor.
    public BookinfoMeshFixture Mesh { get; } = new(supervised: true, "--cert-ttl", "20s", "--lease-ttl", "10s");

    public int IngressPort => Process("ingress").Ports["http"];

    public string MeshctlDir => Path.Combine(Mesh.RepoPath, ".meshctl");

    internal MeshState State => MeshState.Load(Path.Combine(MeshctlDir, "state.json")) ?? throw new InvalidOperationException("the mesh is not recorded");

    internal ProcessRecord Process(string name) => State.Processes.Single(p => p.Name == name);

    /// <summary>The certificate serials of the ingress and the page's first sidecars, watched from the start (R5).</summary>
    internal CertificateWatch Certificates => _certificates ?? throw new InvalidOperationException("the mesh is not up");

    public async Task InitializeAsync()
    {
        await Mesh.InitializeAsync();
        try
        {
            _certificates = new CertificateWatch(["ingress", "productpage-v1", "reviews-v1"], name => Process(name) is var p ? (p.Pid, p.Ports["admin"]) : default);
            _greeter = await GrpcTestApp.StartAsync();
            await Mesh.WaitForProxiesAsync(await Mesh.RegisterAsync("greeter", "greeter-1", _greeter.Port));
            _heartbeats = Task.Run(() => HeartbeatGreeterAsync(_stop.Token));
            await Mesh.ApplyAndSyncAsync("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: greeter}
                spec:
                  hosts: [greeter]
                  gateways: [bookinfo-gateway]
                  http:
                  - route: [{destination: {host: greeter}}]
                """);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeats;
        if (_certificates is not null)
        {
            await _certificates.DisposeAsync();
        }

        if (_greeter is not null)
        {
            await _greeter.DisposeAsync();
        }

        await Mesh.DisposeAsync();
    }

    /// <summary>SIGKILLs a recorded process (a crash: nothing of it runs its shutdown); returns its record.</summary>
    internal ProcessRecord Kill(string name)
    {
        var record = Process(name);
        PosixSignals.Send(record.Pid, PosixSignals.SigKill);
        return record;
    }

    /// <summary>Waits until the supervisor has restarted <paramref name="name"/> (a new pid, alive, recorded); returns how long after <paramref name="since"/>.</summary>
    internal async Task<(ProcessRecord Record, TimeSpan After)> WaitForRestartAsync(string name, int deadPid, Stopwatch since)
    {
        // The supervisor records the restarted process in state.json (written as state.json.tmp, renamed over it).
        using var changed = new ChangeSignal().Watch(MeshctlDir, "state.json*");
        ProcessRecord? restarted = null;
        var recorded = await changed.WaitUntilAsync(() =>
        {
            var record = Process(name);
            restarted = record.Pid != deadPid && ProcessSupervisor.IsAlive(record) ? record : null;
            return Task.FromResult(restarted is not null);
        }, Deadline - since.Elapsed);
        Assert.True(recorded, $"{name} was not restarted within {Deadline.TotalSeconds} s");
        return (restarted!, since.Elapsed);
    }

    /// <summary>Waits until every live proxy applied <paramref name="revision"/>; returns how long that took from <paramref name="since"/>.</summary>
    public async Task<TimeSpan> WaitForSyncAsync(long revision, Stopwatch since)
    {
        await Mesh.WaitForProxiesAsync(revision);
        return since.Elapsed;
    }

    /// <summary>An admin connection to the mesh's Redis, as its <c>default</c> user (the operator's).</summary>
    public async Task<ConnectionMultiplexer> RedisAdminAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(MeshctlDir, "secrets", "redis-default.password"))).Trim();
        return await ConnectionMultiplexer.ConnectAsync($"{State.Redis},user=default,password={password},allowAdmin=true,connectTimeout=2000");
    }

    /// <summary>Applies <paramref name="yaml"/> with <c>meshctl apply</c>, retrying while the control plane is coming back; returns the revision.</summary>
    public async Task<long> ApplyEventuallyAsync(string yaml)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await Mesh.ApplyAsync(yaml);
            }
            catch (Xunit.Sdk.XunitException) when (waited.Elapsed < Deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Every proxy's SYNC column as <c>meshctl status -o json</c> reports it, with the store's revision.</summary>
    public async Task<(long? Store, IReadOnlyDictionary<string, string?> Sync)> StatusAsync()
    {
        var result = await Mesh.MeshctlAsync("status", "-o", "json");
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        var store = root.GetProperty("registry").TryGetProperty("revision", out var revision) && revision.ValueKind == JsonValueKind.Number ? revision.GetInt64() : (long?)null;
        var sync = root.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String)
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.TryGetProperty("sync", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null);
        return (store, sync);
    }

    /// <summary>The greeter has no sidecar to keep its registration alive, so the fixture heartbeats for it.</summary>
    private async Task HeartbeatGreeterAsync(CancellationToken stop)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(State.RegistryTokenFile!, stop)).Trim());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), stop);
                using var response = await client.PutAsync(new Uri($"{State.RegistryUrl}/api/v1/instances/default/greeter/greeter-1/heartbeat"), null, stop);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                // the registry may be the fault being injected; the next beat tries again
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
