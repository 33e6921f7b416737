using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Identity;

/// <summary>Log messages of the certificate agent and the CA client. EventIds 3450-3499 belong to this folder. No message carries a token or a key.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 3451, Level = LogLevel.Information, Message = "Workload certificate for {Identity} issued: serial {Serial}, valid until {NotAfter:O}, renewal at {RenewAt:O}")]
    public static partial void Issued(ILogger logger, GatewayMesh.Core.Identity.SpiffeId identity, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

    [LoggerMessage(EventId = 3452, Level = LogLevel.Warning, Message = "Certificate for {Identity} not issued (failure {Failures} in a row): {Error}; retrying at {RetryAt:O}")]
    public static partial void IssueFailed(ILogger logger, GatewayMesh.Core.Identity.SpiffeId identity, int failures, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 3453, Level = LogLevel.Warning, Message = "The CA refused the request ({Credential}) with {Status}: {Error}")]
    public static partial void CaRefused(ILogger logger, int status, string credential, string error);

    [LoggerMessage(EventId = 3454, Level = LogLevel.Warning, Message = "The CA at {CaAddress} is unreachable: {Error}")]
    public static partial void CaUnreachable(ILogger logger, Uri caAddress, string error);

    [LoggerMessage(EventId = 3455, Level = LogLevel.Warning, Message = "The bootstrap token file {Path} can be read by others than its owner; it should be mode 0600")]
    public static partial void TokenFileReadable(ILogger logger, string path);

    [LoggerMessage(EventId = 3456, Level = LogLevel.Information, Message = "Trust bundle of {Identity} changed: {Count} root(s) now ({Roots})")]
    public static partial void TrustBundleChanged(ILogger logger, GatewayMesh.Core.Identity.SpiffeId identity, int count, string roots);

    [LoggerMessage(EventId = 3457, Level = LogLevel.Debug, Message = "Trust bundle refresh for {Identity} failed, keeping the current one: {Error}")]
    public static partial void TrustBundleRefreshFailed(ILogger logger, GatewayMesh.Core.Identity.SpiffeId identity, string error);
}
