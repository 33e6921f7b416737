using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Discovery;

/// <summary>
/// The last known Services, Pods and Endpoints/EndpointSlices, fed by their list/watch loops. Every change raises
/// <see cref="Changed"/>; <see cref="Desired"/> computes the instances the registry should hold. Ready only once every
/// source has listed once, so a half-loaded cache never deregisters anything.
/// </summary>
internal sealed class DiscoveryCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, V1Service> _services = [];
    private readonly Dictionary<string, V1Pod> _pods = [];
    private readonly Dictionary<string, V1Endpoints> _endpoints = [];
    private readonly Dictionary<string, V1EndpointSlice> _slices = [];
    private readonly HashSet<string> _listed = [];

    public event Action? Changed;

    public int SourceCount { get; init; } = 3;

    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _listed.Count >= SourceCount;
            }
        }
    }

    public IListWatchSink<V1Service> Services => new Sink<V1Service>(this, _services, "services");

    public IListWatchSink<V1Pod> Pods => new Sink<V1Pod>(this, _pods, "pods");

    public IListWatchSink<V1Endpoints> Endpoints => new Sink<V1Endpoints>(this, _endpoints, "endpoints");

    public IListWatchSink<V1EndpointSlice> EndpointSlices => new Sink<V1EndpointSlice>(this, _slices, "endpointslices");

    /// <summary>Every instance the current objects describe, by key.</summary>
    public Dictionary<InstanceKey, ServiceInstance> Desired()
    {
        lock (_gate)
        {
            V1Pod? FindPod(string ns, string name) => _pods.GetValueOrDefault(Key(ns, name));
            bool HasService(string ns, string name) =>
                _services.TryGetValue(Key(ns, name), out var s) && s.Spec?.Type != "ExternalName";
            var instances = _endpoints.Values
                .Where(e => HasService(e.Metadata.NamespaceProperty ?? "default", e.Metadata.Name))
                .SelectMany(e => InstanceBuilder.FromEndpoints(e, FindPod))
                .Concat(_slices.Values.SelectMany(s => InstanceBuilder.FromSlice(s, FindPod)).Where(i => HasService(i.Namespace, i.Service)));
            var result = new Dictionary<InstanceKey, ServiceInstance>();
            foreach (var instance in instances)
            {
                result[instance.Key] = instance;
            }

            return result;
        }
    }

    private static string Key(string ns, string name) => ns + "/" + name;

    private sealed class Sink<T>(DiscoveryCache cache, Dictionary<string, T> items, string name) : IListWatchSink<T>
        where T : IMetadata<V1ObjectMeta>
    {
        public Task ReplaceAllAsync(IReadOnlyList<T> all, CancellationToken cancellationToken)
        {
            lock (cache._gate)
            {
                items.Clear();
                foreach (var item in all)
                {
                    items[KeyOf(item)] = item;
                }

                cache._listed.Add(name);
            }

            cache.Changed?.Invoke();
            return Task.CompletedTask;
        }

        public Task ApplyAsync(WatchEventType type, T item, CancellationToken cancellationToken)
        {
            lock (cache._gate)
            {
                if (type == WatchEventType.Deleted)
                {
                    items.Remove(KeyOf(item));
                }
                else if (type is WatchEventType.Added or WatchEventType.Modified)
                {
                    items[KeyOf(item)] = item;
                }
            }

            cache.Changed?.Invoke();
            return Task.CompletedTask;
        }

        private static string KeyOf(T item) => Key(item.Metadata.NamespaceProperty ?? "default", item.Metadata.Name);
    }
}
