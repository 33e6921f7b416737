namespace GatewayMesh.Ca;

/// <summary>Every log message the CA writes, with its EventId kept here in one place. None carries a key, a token or a CSR.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Serving the CA API at {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Created a new root CA in {Dir} (owner-only files)")]
    public static partial void RootCreated(ILogger logger, string dir);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Signing with the {Source} {Subject}; {Roots} trusted roots")]
    public static partial void AuthorityLoaded(ILogger logger, string source, string subject, int roots);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Reloading the CA files failed; keeping the current root: {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Issued the CA's own serving certificate, valid until {NotAfter:o}")]
    public static partial void ServingCertificateIssued(ILogger logger, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Issued {Identity} serial {Serial} until {NotAfter:o} by issuer {IssuerSerial} ({Authenticator})")]
    public static partial void Issued(ILogger logger, string identity, string serial, DateTimeOffset notAfter, string issuerSerial, string authenticator);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Refused a certificate for {Identity}: {Status} {Reason}")]
    public static partial void Refused(ILogger logger, string identity, int status, string reason);

    [LoggerMessage(EventId = 250, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, PathString path);
}
