namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>Every log message of the Bookinfo sample, with its event id.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "bookinfo {PodName} listening on {Url}")]
    public static partial void Listening(ILogger logger, string podName, string url);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "call to {Url} failed (attempt {Attempt}): {Reason}")]
    public static partial void CallFailed(ILogger logger, Uri url, int attempt, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "publishing to topic {Topic} failed: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string topic, string reason);
}
