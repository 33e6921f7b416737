using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.State;
using Xunit;
using static GatewayMesh.UnitTests.Security.SecurityYaml;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.Security;

public sealed class SidecarInboundMtlsPolicyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const int AppPort = 9080;
    private const int InboundPort = 15006;

    private readonly InMemoryMeshState _mesh = new();
    private readonly SnapshotWatcher _watcher;
    private readonly ProxyState _state;
    private readonly SidecarInboundMtlsPolicy _policy;

    public SidecarInboundMtlsPolicyTests()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
        var identity = ProxyIdentity.Sidecar("reviews", "default", Labels("app=reviews,version=v1"));
        _state = new ProxyState(identity, _watcher, new ClusterState(), security: ProxySecurityOptions.FromRootNamespace("mesh-root"));
        _policy = new SidecarInboundMtlsPolicy(_state, AppPort);
    }

    public async Task InitializeAsync()
    {
        await _watcher.StartAsync();
        _state.Start();
    }

    public async Task DisposeAsync()
    {
        _state.Dispose();
        await _watcher.DisposeAsync();
    }

    [Fact]
    public async Task ModeFor_FollowsPolicyChanges_WithoutRestart()
    {
        Assert.Equal(MutualTlsMode.Permissive, _policy.ModeFor(InboundPort, null));

        await ApplyAsync(Peer("mesh", "mesh-root", "{mtls: {mode: STRICT}}"));
        Assert.Equal(MutualTlsMode.Strict, _policy.ModeFor(InboundPort, null));

        await ApplyAsync(Peer("reviews", "default", "{selector: {matchLabels: {app: reviews}}, portLevelMtls: {9080: {mode: DISABLE}}}"));
        Assert.Equal(MutualTlsMode.Disable, _policy.ModeFor(InboundPort, null));

        var store = new InMemoryConfigStore(_mesh);
        await store.DeleteAsync(new ResourceKey(ResourceKinds.PeerAuthentication, "default", "reviews"));
        await _state.WaitForRevisionAsync(await RevisionAsync()).WaitAsync(Timeout);
        Assert.Equal(MutualTlsMode.Strict, _policy.ModeFor(InboundPort, null));
    }

    [Fact]
    public async Task ModeFor_PortLevelKeyedByTargetPort_NotTheListenerPort()
    {
        await ApplyAsync(Peer("reviews", "default", "{selector: {matchLabels: {app: reviews}}, mtls: {mode: STRICT}, portLevelMtls: {15006: {mode: DISABLE}}}"));

        Assert.Equal(MutualTlsMode.Strict, _policy.ModeFor(InboundPort, null));
        Assert.Equal(MutualTlsMode.Strict, new SidecarInboundMtlsPolicy(_state, 9090).ModeFor(InboundPort, null));
        Assert.Equal(MutualTlsMode.Disable, new SidecarInboundMtlsPolicy(_state, 15006).ModeFor(1234, null));
    }

    [Fact]
    public async Task ModeFor_RedirectedConnection_IsJudgedByTheDialledPort()
    {
        // Under iptables capture a pod's every container port arrives on the one inbound listener: a second port's
        // portLevelMtls must apply to connections dialled on it, and the workload port keeps its own mode.
        await ApplyAsync(Peer("reviews", "default", "{selector: {matchLabels: {app: reviews}}, mtls: {mode: PERMISSIVE}, portLevelMtls: {9091: {mode: STRICT}}}"));

        Assert.Equal(MutualTlsMode.Strict, _policy.ModeFor(InboundPort, 9091));
        Assert.Equal(MutualTlsMode.Permissive, _policy.ModeFor(InboundPort, AppPort));
        Assert.Equal(MutualTlsMode.Permissive, _policy.ModeFor(InboundPort, null));
    }

    private async Task ApplyAsync(ConfigResource resource)
    {
        await new InMemoryConfigStore(_mesh).PutAsync(resource with { Metadata = resource.Metadata with { ResourceVersion = null } });
        await _state.WaitForRevisionAsync(await RevisionAsync()).WaitAsync(Timeout);
    }

    private async Task<long> RevisionAsync() => await new InMemoryMeshStateReader(_mesh).GetRevisionAsync();
}
