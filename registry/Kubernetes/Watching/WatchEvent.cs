using k8s;

namespace GatewayMesh.Registry.Kubernetes.Watching;

/// <summary>What a list returned: the items and the collection's resourceVersion to watch from.</summary>
internal sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);

/// <summary>
/// One kind of object to mirror: how to list it, how to watch from a resourceVersion, and how to read an item's
/// resourceVersion. Implementations wrap one KubernetesClient list call and its watch form.
/// </summary>
internal interface IListWatchSource<T>
{
    /// <summary>For logs: <c>virtualservices.networking.istio.io/v1</c>, <c>pods</c>, ...</summary>
    string Name { get; }

    Task<ListResult<T>> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Item)> WatchAsync(string resourceVersion, CancellationToken cancellationToken);

    string? ResourceVersionOf(T item);
}

/// <summary>Receives a mirror's changes: a full replacement after every (re)list, then each watch event in order.</summary>
internal interface IListWatchSink<T>
{
    Task ReplaceAllAsync(IReadOnlyList<T> items, CancellationToken cancellationToken);

    Task ApplyAsync(WatchEventType type, T item, CancellationToken cancellationToken);
}
