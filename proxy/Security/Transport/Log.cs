using GatewayMesh.Core.Config.Model;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>Log messages of the mesh's mutual TLS. EventIds 3400-3419 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Debug, Message = "Refused a plaintext connection on port {Port}: mTLS mode {Mode}")]
    public static partial void PlaintextRefused(ILogger logger, int port, MutualTlsMode mode);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Debug, Message = "Refused a TLS connection on port {Port}: mTLS mode {Mode}")]
    public static partial void TlsRefused(ILogger logger, int port, MutualTlsMode mode);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Refused a TLS handshake on port {Port}: this proxy has no valid certificate ({Reason})")]
    public static partial void NoServerCertificate(ILogger logger, int port, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Refused a client certificate: {Reason}")]
    public static partial void ClientCertificateRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Refused the certificate of upstream {Target}: {Reason}")]
    public static partial void ServerCertificateRefused(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning, Message = "No client certificate to present to {Target}: {Reason}")]
    public static partial void NoClientCertificate(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Debug, Message = "Closed a connection on port {Port} that sent nothing within {Timeout}")]
    public static partial void FirstByteTimeout(ILogger logger, int port, TimeSpan timeout);
}
