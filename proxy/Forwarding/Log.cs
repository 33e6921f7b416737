using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Log messages of the forwarding helpers. EventIds 3001-3099 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Mirror to {Cluster} failed")]
    public static partial void MirrorFailed(ILogger logger, Exception exception, string cluster);
}
