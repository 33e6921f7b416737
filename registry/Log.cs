
namespace GatewayMesh.Registry;

/// <summary>Every log message the registry writes, with its EventId kept here in one place.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Serving the registry API at {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Using {Store} state components")]
    public static partial void StoreSelected(ILogger logger, string store);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Warmed the config write path in {Milliseconds} ms (parser, validators, JSON metadata)")]
    public static partial void WritePathWarmed(ILogger logger, long milliseconds);

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Read the API token from {Path}")]
    public static partial void TokenRead(ILogger logger, string path);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Generated a new API token in {Path} (owner-only)")]
    public static partial void TokenGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "The token file {Path} is readable by other users; restrict it with chmod 600")]
    public static partial void TokenFileTooOpen(ILogger logger, string path);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: {Reason}")]
    public static partial void Unauthorized(ILogger logger, PathString path, string reason);

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Applied {Count} resources at revision {Revision}: {Created} created, {Configured} configured, {Unchanged} unchanged")]
    public static partial void Applied(ILogger logger, int count, long revision, int created, int configured, int unchanged);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Rejected a config write with {Count} errors")]
    public static partial void ConfigRejected(ILogger logger, int count);

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "{Action} {Key}")]
    public static partial void ConfigWritten(ILogger logger, string action, GatewayMesh.Core.Config.Model.ResourceKey key);

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "Expired {Count} instance leases")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "Lease sweep failed; retrying on the next tick")]
    public static partial void LeaseSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 340, Level = LogLevel.Warning, Message = "Readiness check failed: the store did not answer")]
    public static partial void NotReady(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 350, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(EventId = 351, Level = LogLevel.Information, Message = "Bad request on {Method} {Path}: {Status} {Reason}")]
    public static partial void BadRequest(ILogger logger, string method, PathString path, int status, string reason);

    // Leadership among registry replicas (the reliability range, 9000-9299).
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Campaigning for leadership as {Identity} (lease {Lease})")]
    public static partial void Campaigning(ILogger logger, string identity, TimeSpan lease);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "{Identity} leads now, fencing token {Token}")]
    public static partial void BecameLeader(ILogger logger, string identity, long token);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Following {Holder} (fencing token {Token})")]
    public static partial void Following(ILogger logger, string holder, long token);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "{Identity} stepped down from leadership (token {Token}): {Reason}")]
    public static partial void SteppedDown(ILogger logger, string identity, long token, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Leadership campaign failed; trying again next period")]
    public static partial void CampaignFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "{Identity} released the leadership")]
    public static partial void LeadershipReleased(ILogger logger, string identity);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "Could not release the leadership; it lapses when the lease runs out")]
    public static partial void LeadershipReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Leading with fencing token {Token}: sweeping expired leases from now on")]
    public static partial void SweepingAsLeader(ILogger logger, long token);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "Gave {Count} lease(s) one more lease length on taking over: heartbeats may have had no registry to reach")]
    public static partial void LeasesGraced(ILogger logger, int count);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Warning, Message = "A lease sweep was fenced off: {Message}")]
    public static partial void SweepFenced(ILogger logger, string message);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "Answered 503 to {Method} {Path}: the config store is unavailable (nothing written: {NothingWritten}): {Reason}")]
    public static partial void WriteRefusedStoreUnavailable(ILogger logger, string method, PathString path, bool nothingWritten, string reason);

    // JWKS fetched for RequestAuthentication (the config fidelity range, 9500-9799).
    [LoggerMessage(EventId = 9500, Level = LogLevel.Information, Message = "Fetched the JWKS of {JwksUri}")]
    public static partial void JwksFetched(ILogger logger, string jwksUri);

    [LoggerMessage(EventId = 9501, Level = LogLevel.Warning, Message = "Fetching the JWKS of {JwksUri} failed: {Error} (keeping the last good keys: {KeptLastGood})")]
    public static partial void JwksFetchFailed(ILogger logger, string jwksUri, string error, bool keptLastGood);

    [LoggerMessage(EventId = 9502, Level = LogLevel.Information, Message = "Removed the JWKS of {JwksUri}: no RequestAuthentication names it")]
    public static partial void JwksRemoved(ILogger logger, string jwksUri);

    [LoggerMessage(EventId = 9503, Level = LogLevel.Warning, Message = "A JWKS refresh pass failed; trying again on the next one")]
    public static partial void JwksRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9504, Level = LogLevel.Warning, Message = "Following config changes for JWKS failed; resubscribing")]
    public static partial void JwksWatchFailed(ILogger logger, Exception exception);
}
