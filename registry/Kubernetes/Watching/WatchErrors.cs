namespace GatewayMesh.Registry.Kubernetes.Watching;

/// <summary>
/// Collects what KubernetesClient's watch reports through its <c>onError</c> callback instead of throwing: an ERROR
/// event (a <c>Status</c>, such as 410 "too old resource version") or an event it could not read. When the watch
/// stream then ends, the first such error is thrown, so the list/watch loop relists instead of silently watching again
/// from a version the server no longer has.
/// </summary>
internal sealed class WatchErrors
{
    private Exception? _first;

    public void Add(Exception exception) => Interlocked.CompareExchange(ref _first, exception, null);

    public void ThrowIfAny()
    {
        if (_first is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }
}
