using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>Log messages of the route pipelines. EventIds 3200-3249 belong to this folder's pipeline code.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Retrying route {Route} to {Cluster}: attempt {Attempt} on {Endpoint} failed ({Reason}); retry in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string route, string cluster, int attempt, string endpoint, string reason, long delayMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Route {Route} to {Cluster} timed out after {TimeoutMs} ms; the upstream request to {Endpoint} was cancelled")]
    public static partial void RouteTimedOut(ILogger logger, string route, string cluster, long timeoutMs, string endpoint);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Route {Route} to {Cluster}: attempt on {Endpoint} passed its per-try timeout of {TimeoutMs} ms")]
    public static partial void PerTryTimedOut(ILogger logger, string route, string cluster, string endpoint, long timeoutMs);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Injected a {Fault} fault into route {Route} to {Cluster}")]
    public static partial void FaultInjected(ILogger logger, string fault, string route, string cluster);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Hedging route {Route} to {Cluster}: extra request {Attempt}")]
    public static partial void Hedging(ILogger logger, string route, string cluster, int attempt);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Could not build the resilience pipeline of route {Route} to {Cluster}; it is forwarded without one")]
    public static partial void BuildFailed(ILogger logger, Exception exception, string route, string cluster);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Debug, Message = "Resilience pipelines for revision {Revision}: {Routes} route destinations, {Built} pipelines built, {Reused} reused")]
    public static partial void TableBuilt(ILogger logger, long revision, int routes, int built, int reused);
}
