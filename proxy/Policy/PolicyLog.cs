using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Policy;

/// <summary>Policy's log messages in the proxies (EventIds 8500-8699).</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "Mixer check denied {Method} {Path}: {Body}")]
    public static partial void CheckDenied(ILogger logger, string method, string? path, string body);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Warning, Message = "Policy config problem (the action is left out): {Problem}")]
    public static partial void ConfigProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 8502, Level = LogLevel.Warning, Message = "Writing Mixer telemetry failed")]
    public static partial void TelemetryWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8503, Level = LogLevel.Information, Message = "Policy compiled at revision {Revision}: {Checks} check rules, {Quotas} quota bindings, {Reports} report rules, {RateLimits} rate limits, {ExtAuthz} CUSTOM policies")]
    public static partial void Compiled(ILogger logger, long revision, int checks, int quotas, int reports, int rateLimits, int extAuthz);

    [LoggerMessage(EventId = 8504, Level = LogLevel.Warning, Message = "External authorizer {Provider} could not be reached: {Error}")]
    public static partial void ExtAuthzFailed(ILogger logger, string provider, string error);
}
