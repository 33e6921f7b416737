namespace GatewayMesh.Registry.Lists;

/// <summary>The list refresher's log messages (policy EventIds 8700-8719).</summary>
internal static partial class ListsLog
{
    [LoggerMessage(EventId = 8700, Level = LogLevel.Information, Message = "Fetched the list of {Handler}: {Count} entries from {Url}")]
    public static partial void ListFetched(ILogger logger, GatewayMesh.Core.Config.Model.ResourceKey handler, int count, string url);

    [LoggerMessage(EventId = 8701, Level = LogLevel.Warning, Message = "Could not fetch the list of {Handler} (the last good list is kept until its ttl): {Error}")]
    public static partial void FetchFailed(ILogger logger, GatewayMesh.Core.Config.Model.ResourceKey handler, string error);

    [LoggerMessage(EventId = 8702, Level = LogLevel.Information, Message = "Removed {List}: its listchecker handler is gone or has no providerUrl")]
    public static partial void ListRemoved(ILogger logger, GatewayMesh.Core.Config.Model.ResourceKey list);

    [LoggerMessage(EventId = 8703, Level = LogLevel.Warning, Message = "A list refresh pass failed; it is retried on the next one")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
