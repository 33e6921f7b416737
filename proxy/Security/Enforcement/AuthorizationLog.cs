using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Enforcement;

/// <summary>Log messages of policy enforcement. EventIds 3300-3349 belong to proxy/Security.</summary>
internal static partial class AuthorizationLog
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "RBAC: access denied for {Method} {Host}{Path} from {Principal} ({SourceIp}); policy {Policy}")]
    public static partial void Denied(ILogger logger, string method, string host, string path, string principal, string? sourceIp, string policy);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "RBAC audit: {Method} {Host}{Path} from {Principal} matched audit policy {Policy}; {Decision}")]
    public static partial void Audited(ILogger logger, string method, string host, string path, string principal, string policy, string decision);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Authorization: {Warning}")]
    public static partial void CompileWarning(ILogger logger, string warning);
}
