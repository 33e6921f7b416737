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

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Gateway credentials: following Secret {Namespace}/{Name}")]
    public static partial void SecretFollowed(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Gateway credentials: no longer following Secret {Namespace}/{Name} (no served Gateway names it)")]
    public static partial void SecretUnfollowed(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Gateway credentials: Secret {Namespace}/{Name} read (keys {Keys}, resourceVersion {ResourceVersion})")]
    public static partial void SecretRead(ILogger logger, string @namespace, string name, string keys, string resourceVersion);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Gateway credentials: no Secret {Namespace}/{Name}")]
    public static partial void SecretMissing(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Error, Message = "Gateway credentials: Secret {Namespace}/{Name} cannot be read: {Reason}")]
    public static partial void SecretUnreadable(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Warning, Message = "Gateway credentials: reading Secret {Namespace}/{Name} failed, trying again in {Backoff}: {ErrorType}: {Error}")]
    public static partial void SecretWatchFailed(ILogger logger, string @namespace, string name, TimeSpan backoff, string errorType, string error);
}
