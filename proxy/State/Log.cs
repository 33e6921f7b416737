using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.State;

/// <summary>Log messages of the compiled config. EventIds 3500-3549 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Applied revision {Revision}: {VirtualHosts} virtual hosts, {Clusters} clusters ({Reused} balancers kept, {Built} built)")]
    public static partial void ConfigApplied(ILogger logger, long revision, int virtualHosts, int clusters, int reused, int built);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Error, Message = "Could not compile revision {Revision}; keeping revision {Applied}")]
    public static partial void CompileFailed(ILogger logger, Exception exception, long revision, long applied);
}
