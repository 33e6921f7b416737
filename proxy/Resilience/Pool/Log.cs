using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>Log messages of connection-pool limits and upstream clients. EventIds 3260-3269 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3260, Level = LogLevel.Debug, Message = "Refused a request to {Cluster}: {LimitName} limit ({Limit}) reached")]
    public static partial void Overflow(ILogger logger, string cluster, string limitName, int limit);

    [LoggerMessage(EventId = 3261, Level = LogLevel.Information, Message = "Created an upstream client for connection-pool settings {Settings}")]
    public static partial void ClientCreated(ILogger logger, UpstreamClientSettings settings);

    [LoggerMessage(EventId = 3262, Level = LogLevel.Information, Message = "Retired the upstream client for {Settings}; it is disposed after {Grace}")]
    public static partial void ClientRetired(ILogger logger, UpstreamClientSettings settings, TimeSpan grace);
}
