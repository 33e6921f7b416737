using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// Keeps the compiled config of one proxy current. On every snapshot the watcher publishes, it compiles with the pure
/// compilers (on the watcher's thread, never on a request): routes, clusters, security policies, the route
/// destinations' pipelines and targets, and every registered feature (<see cref="IConfigFeatureCompiler"/>); updates
/// the live <see cref="ClusterState"/>; then swaps in a new <see cref="AppliedConfig"/> with one volatile write. A
/// compile that throws keeps the previous config and is logged. Requests read <see cref="Current"/> with one volatile read.
/// </summary>
public sealed class ProxyState : IDisposable
{
    private readonly ProxyIdentity _identity;
    private readonly SnapshotWatcher _watcher;
    private readonly ClusterState _clusters;
    private readonly ILogger _logger;
    private readonly ProxySecurityOptions _security;
    private readonly RouteResilienceBuilder _resilience;
    private readonly IConfigFeatureCompiler[] _features;
    private readonly Lock _compileLock = new();
    private Holder _holder = new(AppliedConfig.Initial, new CancellationTokenSource());
    private MeshSnapshot? _compiled;
    private IDisposable? _subscription;

    public ProxyState(
        ProxyIdentity identity,
        SnapshotWatcher watcher,
        ClusterState clusters,
        ILogger<ProxyState>? logger = null,
        ProxySecurityOptions? security = null,
        RouteResilienceBuilder? resilience = null,
        IEnumerable<IConfigFeatureCompiler>? features = null)
    {
        _security = security ?? ProxySecurityOptions.Default;
        _identity = identity;
        _watcher = watcher;
        _clusters = clusters;
        _logger = logger ?? NullLogger<ProxyState>.Instance;
        _resilience = resilience ?? RouteResilienceBuilder.Default;
        _features = features?.ToArray() ?? [];
    }

    public ProxyIdentity Identity => _identity;

    public AppliedConfig Current => Volatile.Read(ref _holder).Config;

    /// <summary>The snapshot revision the routes and clusters were compiled from.</summary>
    public long AppliedRevision => Current.Revision;

    /// <summary>The live clusters and their balancers, updated together with <see cref="Current"/>.</summary>
    public ClusterState Clusters => _clusters;

    /// <summary>A token that fires when <see cref="Current"/> is replaced.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _holder).Changed.Token);

    /// <summary>Compiles the watcher's current snapshot and follows its changes from now on.</summary>
    public void Start()
    {
        _subscription ??= ChangeToken.OnChange(_watcher.GetChangeToken, Apply);
        Apply();
    }

    /// <summary>Completes once a config compiled from <paramref name="revision"/> or later is being served.</summary>
    public async Task WaitForRevisionAsync(long revision, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var holder = Volatile.Read(ref _holder);
            if (holder.Config.Loaded && holder.Config.Revision >= revision)
            {
                return;
            }

            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (holder.Changed.Token.Register(() => changed.TrySetResult()))
            {
                await changed.Task.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Compiles and applies the watcher's current snapshot; never throws (it runs inside the watcher's change callback).</summary>
    public void Apply()
    {
        lock (_compileLock)
        {
            var snapshot = _watcher.Current;
            var loaded = _watcher.Source != SnapshotSource.None;
            if (ReferenceEquals(snapshot, _compiled) && loaded == Current.Loaded)
            {
                return;
            }

            try
            {
                var previous = Current;
                var routes = RouteTableCompiler.Compile(snapshot, _identity);
                var httpsRoutes = RouteTableCompiler.CompileHttps(snapshot, _identity);
                var clusters = ClusterTableCompiler.Compile(snapshot, ClusterScope.For(snapshot, _identity, routes), _identity);
                var policies = SecurityPolicyCompiler.Compile(snapshot, _identity, _security);
                var (resilience, pipelinesBuilt, pipelinesReused) = ResilienceTable.Build(snapshot.Revision, [routes, httpsRoutes], previous.Resilience, _resilience);
                var targets = RouteTargets.Build(resilience, routes, httpsRoutes);
                var features = CompileFeatures(snapshot, previous.Features);
                var (reused, built) = _clusters.Update(clusters);
                Publish(new AppliedConfig(snapshot.Revision, loaded, routes, clusters, _clusters.Current)
                {
                    Security = policies,
                    HttpsRoutes = httpsRoutes,
                    Resilience = resilience,
                    Targets = targets,
                    Features = features,
                });
                _compiled = snapshot;
                Log.ConfigApplied(_logger, snapshot.Revision, routes.VirtualHosts.Count, clusters.Clusters.Count, reused, built);
                ResilienceLog.TableBuilt(_logger, snapshot.Revision, targets.Count, pipelinesBuilt, pipelinesReused);
            }
            catch (Exception ex)
            {
                Log.CompileFailed(_logger, ex, snapshot.Revision, Current.Revision);
            }
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private ConfigFeatures CompileFeatures(MeshSnapshot snapshot, ConfigFeatures previous)
    {
        if (_features.Length == 0)
        {
            return ConfigFeatures.Empty;
        }

        var slots = new object?[_features.Max(f => f.Slot) + 1];
        foreach (var feature in _features)
        {
            slots[feature.Slot] = feature.Compile(snapshot, _identity, previous[feature.Slot]);
        }

        return new ConfigFeatures(slots);
    }

    private void Publish(AppliedConfig config)
    {
        var previous = Interlocked.Exchange(ref _holder, new Holder(config, new CancellationTokenSource()));
        previous.Changed.Cancel();
    }

    private sealed record Holder(AppliedConfig Config, CancellationTokenSource Changed);
}
