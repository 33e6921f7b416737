using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Watching;

/// <summary>An <see cref="IListWatchSource{T}"/> over one typed KubernetesClient list call and its watch form.</summary>
internal sealed class TypedSource<T>(
    string name,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IListWatchSource<T>
    where T : IMetadata<V1ObjectMeta>
{
    public string Name => name;

    public async Task<ListResult<T>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await list(cancellationToken);
        return new ListResult<T>(items, resourceVersion);
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Item)> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var errors = new WatchErrors();
        await foreach (var (type, item) in watch(resourceVersion, errors.Add, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return (type, item);
        }

        errors.ThrowIfAny();
    }

    public string? ResourceVersionOf(T item) => item.Metadata?.ResourceVersion;
}
