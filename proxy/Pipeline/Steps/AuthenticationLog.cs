using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>Log messages of JWT authentication (RequestAuthentication): config fidelity's EventIds 9520-9539 (the registry's JWKS fetching has 9500-9519).</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 9520, Level = LogLevel.Debug, Message = "JWT refused for {Method} {Host}{Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string host, string path, string reason);
}
