using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>Log messages of outlier detection. EventIds 3250-3259 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3250, Level = LogLevel.Warning, Message = "Ejected {Endpoint} ({Instance}) from {Cluster} for {Duration} after {Reason} (ejection {Multiplier} in a row)")]
    public static partial void Ejected(ILogger logger, string cluster, string endpoint, string instance, string reason, TimeSpan duration, int multiplier);

    [LoggerMessage(EventId = 3251, Level = LogLevel.Information, Message = "Returned {Endpoint} ({Instance}) to {Cluster} after its ejection time")]
    public static partial void Returned(ILogger logger, string cluster, string endpoint, string instance);

    [LoggerMessage(EventId = 3252, Level = LogLevel.Warning, Message = "Left outlier {Endpoint} ({Instance}) of {Cluster} in service after {Reason}: {Ejected} of {Endpoints} endpoints are ejected and maxEjectionPercent is {MaxEjectionPercent}")]
    public static partial void EjectionSkipped(ILogger logger, string cluster, string endpoint, string instance, string reason, int ejected, int endpoints, int maxEjectionPercent);
}
