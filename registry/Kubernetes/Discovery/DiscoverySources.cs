using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Discovery;

/// <summary>The list/watch sources of service discovery: Services, Pods, and Endpoints or EndpointSlices, in every namespace.</summary>
internal static class DiscoverySources
{
    public static TypedSource<V1Service> Services(IKubernetes client) => new(
        "services",
        async ct =>
        {
            var list = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeout.Seconds, onError: onError, cancellationToken: ct));

    public static TypedSource<V1Pod> Pods(IKubernetes client) => new(
        "pods",
        async ct =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeout.Seconds, onError: onError, cancellationToken: ct));

    public static TypedSource<V1Endpoints> Endpoints(IKubernetes client) => new(
        "endpoints",
        async ct =>
        {
            var list = await client.CoreV1.ListEndpointsForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (rv, onError, ct) => client.CoreV1.WatchListEndpointsForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeout.Seconds, onError: onError, cancellationToken: ct));

    public static TypedSource<V1EndpointSlice> EndpointSlices(IKubernetes client) => new(
        "endpointslices.discovery.k8s.io/v1",
        async ct =>
        {
            var list = await client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (rv, onError, ct) => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeout.Seconds, onError: onError, cancellationToken: ct));
}
