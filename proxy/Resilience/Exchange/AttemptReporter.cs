using GatewayMesh.Proxy.Clusters;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Reports the outcome of one upstream attempt to the cluster-level components (<see cref="IUpstreamObserver"/>:
/// outlier detection): a response with its status, or a failure the upstream is to blame for. A cancellation or an
/// unexpected error counts nothing, so a client leaving never ejects an endpoint.
/// </summary>
internal static class AttemptReporter
{
    public static void Response(IUpstreamObserver observer, Cluster cluster, Endpoint endpoint, int status) =>
        observer.AttemptCompleted(cluster, endpoint, status, null);

    /// <summary>Reports <paramref name="exception"/> when it is the upstream's failure; returns how it was classified.</summary>
    public static AttemptFailure Failure(IUpstreamObserver observer, Cluster cluster, Endpoint endpoint, Exception exception)
    {
        var failure = AttemptFailures.Classify(exception);
        if (failure != AttemptFailure.Other)
        {
            observer.AttemptCompleted(cluster, endpoint, null, failure);
        }

        return failure;
    }
}
