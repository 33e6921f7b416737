using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using Xunit;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.Forwarding;

public sealed class ProxyStateTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ProxyIdentity Ingress = ProxyIdentity.Ingress(new ValueMap<string, string>([KeyValuePair.Create("istio", "ingressgateway")]));

    private const string GatewayAndRoute = """
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
        metadata: {name: site}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - route: [{destination: {host: productpage}}]
        """;

    private readonly InMemoryMeshState _mesh = new();
    private readonly SnapshotWatcher _watcher;
    private readonly ProxyState _state;

    public ProxyStateTests()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
        _state = new ProxyState(Ingress, _watcher, new ClusterState());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _state.Dispose();
        await _watcher.DisposeAsync();
    }

    [Fact]
    public void Start_WatcherHasLoadedNothing_NotLoadedAndEmpty()
    {
        _state.Start();

        Assert.False(_state.Current.Loaded);
        Assert.Empty(_state.Current.Routes.VirtualHosts);
    }

    [Fact]
    public async Task Start_AfterFirstLoad_LoadedAtStoreRevision()
    {
        await _watcher.StartAsync();

        _state.Start();

        Assert.True(_state.Current.Loaded);
        Assert.Equal(0, _state.AppliedRevision);
    }

    [Fact]
    public async Task SnapshotChanges_Recompiled_NewTablesSwappedInAndTokenFired()
    {
        await _watcher.StartAsync();
        _state.Start();
        var before = _state.Current;
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _state.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);

        var revision = await WriteAsync();
        await _state.WaitForRevisionAsync(revision).WaitAsync(Timeout);
        await changed.Task.WaitAsync(Timeout);

        var after = _state.Current;
        Assert.NotSame(before, after);
        Assert.Equal(revision, after.Revision);
        Assert.Equal("default/gw", Assert.Single(after.Routes.VirtualHosts).Gateway);
        var key = new ClusterKey("productpage.default.svc.cluster.local", null, null);
        Assert.True(_state.Clusters.TryGet(key, out var entry));
        Assert.Equal("127.0.0.1:9080", Assert.Single(entry.Cluster.Endpoints).ToString());
    }

    [Fact]
    public async Task Apply_SnapshotUnchanged_KeepsTheSameConfig()
    {
        await _watcher.StartAsync();
        _state.Start();
        await _state.WaitForRevisionAsync(await WriteAsync()).WaitAsync(Timeout);
        var applied = _state.Current;

        _state.Apply();

        Assert.Same(applied, _state.Current);
    }

    private async Task<long> WriteAsync()
    {
        var store = new InMemoryConfigStore(_mesh);
        foreach (var resource in ConfigParser.Parse(GatewayAndRoute).Resources)
        {
            await store.PutAsync(resource);
        }

        var registry = new InMemoryServiceRegistry(_mesh, TimeProvider.System);
        var lease = await registry.RegisterAsync(new ServiceInstance
        {
            Service = "productpage",
            InstanceId = "p1",
            Address = "127.0.0.1",
            Port = 9080,
        });
        return lease.Revision;
    }
}
