using Microsoft.Extensions.Logging;

namespace GatewayMesh.Core.Snapshots;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Loaded mesh snapshot at revision {Revision} from {Source}: {Configs} configs, {Instances} instances")]
    public static partial void SnapshotLoaded(ILogger logger, long revision, SnapshotSource source, int configs, int instances);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Could not load a snapshot from the store; keeping revision {Revision}, retrying in {RetryDelay}")]
    public static partial void LoadFailed(ILogger logger, Exception exception, long revision, TimeSpan retryDelay);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Resyncing from the store at revision {Revision}: {Reason}")]
    public static partial void Resyncing(ILogger logger, long revision, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Could not persist the snapshot to {Path}")]
    public static partial void PersistFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Could not read the snapshot file {Path}; ignoring it")]
    public static partial void SnapshotFileUnreadable(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Applied notice {Revision} ({Kind} {Key})")]
    public static partial void NoticeApplied(ILogger logger, long revision, GatewayMesh.Core.Blocks.ChangeKind kind, string key);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "The store is empty but this snapshot is at revision {Revision}; keeping the last good snapshot until the store is written again")]
    public static partial void StoreWentEmpty(ILogger logger, long revision);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "The store went back from revision {Revision} to revision {StoreRevision}: it lost acknowledged writes (e.g. a failover to a replica that had not received them); replacing the snapshot with the store's")]
    public static partial void StoreWentBack(ILogger logger, long revision, long storeRevision);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "The store holds other content at revision {Revision} than this snapshot (writes were lost and the revision numbers reused); replacing the snapshot with the store's")]
    public static partial void StoreContentDiffers(ILogger logger, long revision);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Ignoring an unreadable change notice")]
    public static partial void NoticeUnreadable(ILogger logger, Exception exception);
}
