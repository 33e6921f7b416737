namespace GatewayMesh.Ca;

/// <summary>The CA's Kubernetes log messages (EventIds 6300-6399).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Warning, Message = "TokenReview failed; answering 503: {Reason}")]
    public static partial void TokenReviewUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6310, Level = LogLevel.Information, Message = "Published the trust bundle as ConfigMap {ConfigMap} in namespace {TargetNamespace}")]
    public static partial void RootPublished(ILogger logger, string configMap, string targetNamespace);

    [LoggerMessage(EventId = 6311, Level = LogLevel.Warning, Message = "Publishing the trust bundle failed; retrying: {Reason}")]
    public static partial void RootPublishFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6320, Level = LogLevel.Information, Message = "Root of trust kept in Secret {Secret} ({Action})")]
    public static partial void RootSecret(ILogger logger, string secret, string action);
}
