namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>Which service this process runs and where it finds the others.</summary>
public sealed record BookinfoOptions
{
    public required string Service { get; init; }

    public string Version { get; init; } = "v1";

    /// <summary>Names this replica; reviews reports it as <c>podname</c> (<c>reviews-v2-&lt;instance&gt;</c>).</summary>
    public required string InstanceId { get; init; }

    public string ClusterName { get; init; } = "local";

    public Uri DetailsUrl { get; init; } = BookinfoServices.MeshUrl(BookinfoServices.Details);

    public Uri ReviewsUrl { get; init; } = BookinfoServices.MeshUrl(BookinfoServices.Reviews);

    public Uri RatingsUrl { get; init; } = BookinfoServices.MeshUrl(BookinfoServices.Ratings);

    public Uri StatsUrl { get; init; } = BookinfoServices.MeshUrl(BookinfoServices.Stats);

    /// <summary>
    /// An explicit outbound proxy. When null, outbound calls use .NET's default proxy, which is the standard
    /// <c>HTTP_PROXY</c> environment variable: the sidecar.
    /// </summary>
    public Uri? Proxy { get; init; }

    public string PodName => InstanceId.StartsWith($"{Service}-{Version}-", StringComparison.Ordinal)
        ? InstanceId
        : $"{Service}-{Version}-{InstanceId}";
}
