namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>HTTPRetry</c>: how many times and on which failures a request is retried.</summary>
public sealed record HttpRetry
{
    public int? Attempts { get; init; }

    public MeshDuration? PerTryTimeout { get; init; }

    /// <summary>Comma-separated retry conditions, e.g. <c>5xx,connect-failure,retriable-4xx</c>.</summary>
    public string? RetryOn { get; init; }

    public bool? RetryRemoteLocalities { get; init; }

    public bool? RetryIgnorePreviousHosts { get; init; }

    public MeshDuration? Backoff { get; init; }
}
