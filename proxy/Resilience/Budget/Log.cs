using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Budget;

/// <summary>Log messages of retry limits. EventIds 3270-3279 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3270, Level = LogLevel.Debug, Message = "Refused a retry to {Cluster}: {Limit} allows {Allowed} retries in flight and {Active} are")]
    public static partial void RetryRefused(ILogger logger, string cluster, string limit, int allowed, int active);
}
