using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Log messages of the forwarding path. EventIds 3001-3099 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applied revision {Revision}: {VirtualHosts} virtual hosts, {Clusters} clusters ({Reused} balancers kept, {Built} built)")]
    public static partial void ConfigApplied(ILogger logger, long revision, int virtualHosts, int clusters, int reused, int built);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Could not compile revision {Revision}; keeping revision {Applied}")]
    public static partial void CompileFailed(ILogger logger, Exception exception, long revision, long applied);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Forwarding to {Cluster} ({Endpoint}) failed with {Error}")]
    public static partial void ForwardFailed(ILogger logger, Exception? exception, string cluster, string endpoint, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Unhandled error while proxying {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Mirror to {Cluster} failed")]
    public static partial void MirrorFailed(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Cluster {Cluster} ({Endpoint}) requires ISTIO_MUTUAL but this proxy has no workload certificate source; answered 503")]
    public static partial void MutualTlsUnavailable(ILogger logger, string cluster, string endpoint);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "No route for {Authority}{Path}")]
    public static partial void NoRoute(ILogger logger, string authority, string path);
}
