namespace GatewayMesh.Dashboard;

/// <summary>The dashboard's log messages (observability range 8200-8249, docs/eventids.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Dashboard on {Url}; OTLP receiver {Otlp}")]
    public static partial void Listening(ILogger logger, string url, string otlp);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "A scrape round failed")]
    public static partial void ScrapeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Refused an OTLP body: {Reason}")]
    public static partial void OtlpRefused(ILogger logger, string reason);
}
