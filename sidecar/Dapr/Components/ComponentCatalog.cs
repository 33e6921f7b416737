using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Dapr;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Sidecar.Dapr.Configuration;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Redis;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Dapr.State;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>
/// Keeps <see cref="DaprComponents"/> current. Components come from the mesh's config store (the snapshot every proxy
/// follows: <c>Component</c>s and <c>Subscription</c>s in this sidecar's namespace whose <c>scopes</c> are empty or name
/// this app) and from <c>--dapr-resources-path</c> (read once, as daprd does; a local component wins over a stored one
/// of the same name). Each new snapshot rebuilds the set; components whose definition did not change keep their
/// instance (and connection). A component that cannot be loaded (a missing secret) is listed with its error.
/// </summary>
public sealed class ComponentCatalog(
    DaprApiOptions options, SnapshotWatcher watcher, ISecretResolver secrets, RedisConnections connections,
    LocalResources local, ILogger<ComponentCatalog> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DaprComponent, object> _instances = [];
    private DaprComponents _current = DaprComponents.Empty;
    private CancellationTokenSource _changed = new();
    private IDisposable? _subscription;

    public DaprComponents Current => Volatile.Read(ref _current);

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Rebuild();
        _subscription = ChangeToken.OnChange(watcher.GetChangeToken, Rebuild);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    internal void Rebuild()
    {
        lock (_gate)
        {
            var stored = watcher.Current.Configs.Values;
            var definitions = new Dictionary<string, (DaprComponent Component, string Source)>(StringComparer.Ordinal);
            foreach (var component in stored.OfType<DaprComponent>().Where(AppliesHere))
            {
                definitions[component.Metadata.Name] = (component, "store");
            }

            foreach (var component in local.Components)
            {
                definitions[component.Metadata.Name] = (component, "resources path");
            }

            var state = new Dictionary<string, RedisStateStore>(StringComparer.Ordinal);
            var pubsubs = new Dictionary<string, RedisStreamsPubSub>(StringComparer.Ordinal);
            var configuration = new Dictionary<string, RedisConfigurationStore>(StringComparer.Ordinal);
            var loaded = new List<LoadedComponent>();
            var keep = new Dictionary<DaprComponent, object>();
            foreach (var (name, (component, source)) in definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                try
                {
                    var instance = _instances.TryGetValue(component, out var existing) ? existing : Create(component);
                    keep[component] = instance;
                    switch (instance)
                    {
                        case RedisStateStore store:
                            state[name] = store;
                            break;
                        case RedisStreamsPubSub pubsub:
                            pubsubs[name] = pubsub;
                            break;
                        case RedisConfigurationStore store:
                            configuration[name] = store;
                            break;
                    }

                    if (existing is null)
                    {
                        Log.ComponentLoaded(logger, name, component.Spec.Type ?? "", source);
                    }

                    loaded.Add(new LoadedComponent(component, source, null));
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
                {
                    Log.ComponentFailed(logger, name, ex.Message);
                    loaded.Add(new LoadedComponent(component, source, ex.Message));
                }
            }

            _instances.Clear();
            foreach (var pair in keep)
            {
                _instances[pair.Key] = pair.Value;
            }

            var subscriptions = stored.OfType<DaprSubscription>().Where(AppliesHere)
                .Concat(local.Subscriptions)
                .ToList();
            Volatile.Write(ref _current, new DaprComponents(state, pubsubs, configuration, loaded, subscriptions));
            var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
        }
    }

    private bool AppliesHere(ConfigResource resource) =>
        resource.Metadata.Namespace == options.Namespace && resource switch
        {
            DaprComponent c => c.Scopes.IsEmpty || c.Scopes.Contains(options.AppId),
            DaprSubscription s => s.Scopes.IsEmpty || s.Scopes.Contains(options.AppId),
            _ => false,
        };

    private object Create(DaprComponent component)
    {
        var metadata = ComponentMetadata.Resolve(component, secrets);
        var redis = ComponentMetadataReaders.ReadRedis(metadata);
        var name = component.Metadata.Name;
        return component.Spec.Type switch
        {
            DaprComponentTypes.StateRedis => new RedisStateStore(
                name, new StateKeys(metadata.Get("keyPrefix"), options.AppId, name),
                async () => (await connections.GetAsync(redis)).GetDatabase(redis.Database),
                metadata.Get("ttlInSeconds") is null ? null : metadata.GetInt("ttlInSeconds", 0)),
            DaprComponentTypes.PubSubRedis => new RedisStreamsPubSub(
                name, ComponentMetadataReaders.ReadPubSub(metadata, options.AppId), redis,
                async () => (await connections.GetAsync(redis)).GetDatabase(redis.Database)),
            DaprComponentTypes.ConfigurationRedis => new RedisConfigurationStore(
                name, redis.Database, async () => await connections.GetAsync(redis)),
            _ => throw new InvalidOperationException($"unsupported component type {component.Spec.Type}"),
        };
    }
}
