namespace GatewayMesh.Ingress;

/// <summary>Log messages of the ingress host. EventIds 4000-4999 belong to this project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Ingress listening on {HttpUrl} and {HttpsUrl}, admin on {AdminUrl}, serving gateways selected by {Labels}")]
    public static partial void Listening(ILogger logger, string httpUrl, string httpsUrl, string adminUrl, string labels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Reading mesh state from {Redis}")]
    public static partial void UsingRedis(ILogger logger, string redis);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "HTTPS: serving {Served} of {Total} TLS servers")]
    public static partial void HttpsServersApplied(ILogger logger, int served, int total);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "HTTPS credential loaded for {Field}: {Subject}, thumbprint {Thumbprint}, expires {NotAfter}")]
    public static partial void CredentialLoaded(ILogger logger, string field, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "HTTPS server not served: {Error}")]
    public static partial void ServerNotServed(ILogger logger, string error);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "HTTPS credential reload failed, keeping the last good certificate (thumbprint {Thumbprint}): {Error}")]
    public static partial void CredentialKept(ILogger logger, string error, string thumbprint);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Error, Message = "HTTPS credentials reload failed")]
    public static partial void CredentialsReloadFailed(ILogger logger, Exception exception);
}
