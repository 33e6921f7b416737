using System.Net;

namespace GatewayMesh.Sidecar;

/// <summary>Log messages of the sidecar. EventIds 5000-5999 belong to this project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Sidecar of {Service} inbound {Inbound}, outbound {Outbound}, admin {Admin}, app on port {AppPort}")]
    public static partial void Listening(ILogger logger, string service, string inbound, string outbound, string admin, int appPort);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Inbound request to the app at {Endpoint} failed: {Error}")]
    public static partial void InboundFailed(ILogger logger, Exception? exception, string endpoint, string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Passthrough request to {Host} failed: {Error}")]
    public static partial void PassthroughFailed(ILogger logger, Exception? exception, string host, string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Refused outbound request to {Host}: not in the mesh registry (REGISTRY_ONLY)")]
    public static partial void RegistryOnlyRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Tunnel to {Authority} opened via {Upstream} ({Host}:{Port})")]
    public static partial void TunnelOpened(ILogger logger, string authority, string upstream, string host, int port);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "Tunnel to {Authority} closed (idle timeout: {TimedOut})")]
    public static partial void TunnelClosed(ILogger logger, string authority, bool timedOut);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Refused CONNECT to {Authority}: {Reason}")]
    public static partial void TunnelRefused(ILogger logger, string authority, string reason);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Tunnel connect to {Host}:{Port} failed")]
    public static partial void TunnelConnectFailed(ILogger logger, Exception exception, string host, int port);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Debug, Message = "Tunnel to {Authority} ended with an error")]
    public static partial void TunnelFailed(ILogger logger, Exception exception, string authority);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Registered {Instance} on port {Port} until {ExpiresAt}")]
    public static partial void Registered(ILogger logger, string instance, int port, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Registration of {Instance} failed; retrying")]
    public static partial void RegisterFailed(ILogger logger, Exception exception, string instance);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Heartbeat of {Instance} found no lease; registering again")]
    public static partial void LeaseLost(ILogger logger, string instance);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Heartbeat of {Instance} failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string instance);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Deregistered {Instance}")]
    public static partial void Deregistered(ILogger logger, string instance);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "Deregistration of {Instance} failed; its lease will expire")]
    public static partial void DeregisterFailed(ILogger logger, Exception exception, string instance);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "No --registry given: this workload is not registered")]
    public static partial void NotRegistering(ILogger logger);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Information, Message = "Reported {Instance} to the registry as healthy={Healthy} (the WorkloadGroup's readiness probe; null: the group has none)")]
    public static partial void HealthReported(ILogger logger, string instance, bool? healthy);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Warning, Message = "Reporting the probe verdict of {Instance} failed; trying again after the next probe")]
    public static partial void HealthReportFailed(ILogger logger, Exception exception, string instance);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Information, Message = "The readiness probe of WorkloadGroup {Group} now finds the workload healthy={Healthy} (last result: {Detail})")]
    public static partial void ProbeVerdictChanged(ILogger logger, string group, bool healthy, string detail);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Started the app (pid {Pid}) on port {AppPort}")]
    public static partial void AppStarted(ILogger logger, int pid, int appPort);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "The app (pid {Pid}) exited with code {ExitCode}")]
    public static partial void AppExited(ILogger logger, int pid, int exitCode);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Information, Message = "Stopping the app (pid {Pid})")]
    public static partial void AppStopping(ILogger logger, int pid);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Information, Message = "app: {Line}")]
    public static partial void AppOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Warning, Message = "Sidecar {Sidecar} has ingress listeners this sidecar does not serve: {Listeners}. A sidecar has one inbound listener, for its app's port {AppPort}; run one sidecar per workload port, or give the listener that port")]
    public static partial void IngressListenersNotServed(ILogger logger, string sidecar, string listeners, int appPort);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Information, Message = "Redirected TCP connection to {Destination} refused: {Reason}")]
    public static partial void PassthroughRefused(ILogger logger, Exception? exception, IPEndPoint destination, string reason);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Debug, Message = "Passthrough TCP connection to {Destination} closed ({Received} bytes up, {Sent} down, idle timeout: {TimedOut})")]
    public static partial void PassthroughClosed(ILogger logger, IPEndPoint destination, long received, long sent, bool timedOut);

    [LoggerMessage(EventId = 5027, Level = LogLevel.Debug, Message = "Passthrough TCP connection to {Destination} ended with an error")]
    public static partial void PassthroughFailed(ILogger logger, Exception exception, IPEndPoint destination);
}
