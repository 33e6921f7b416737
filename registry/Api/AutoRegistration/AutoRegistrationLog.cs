namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>Auto-registration's messages (config fidelity range, docs/eventids.md).</summary>
internal static partial class AutoRegistrationLog
{
    [LoggerMessage(EventId = 9530, Level = LogLevel.Information, Message = "Auto-registered WorkloadEntry {Namespace}/{Name} for WorkloadGroup {Group} at {Address}:{Port}")]
    public static partial void Registered(ILogger logger, string @namespace, string name, string group, string address, int port);

    [LoggerMessage(EventId = 9531, Level = LogLevel.Warning, Message = "Refused to auto-register a workload into WorkloadGroup {Group}: {Reason}")]
    public static partial void Refused(ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 9532, Level = LogLevel.Information, Message = "The proxy of WorkloadEntry {Namespace}/{Name} went away; the entry is removed unless it comes back within {Grace}")]
    public static partial void Disconnected(ILogger logger, string @namespace, string name, TimeSpan grace);

    [LoggerMessage(EventId = 9533, Level = LogLevel.Information, Message = "Removed auto-registered WorkloadEntry {Namespace}/{Name}: its proxy stayed away for the grace period")]
    public static partial void Removed(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 9534, Level = LogLevel.Warning, Message = "Auto-registration cleanup failed; retrying on the next tick")]
    public static partial void CleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9535, Level = LogLevel.Information, Message = "WorkloadEntry {Namespace}/{Name} Healthy={Healthy}: its proxy's readiness probe says so; an unhealthy member takes no traffic")]
    public static partial void HealthChanged(ILogger logger, string @namespace, string name, string healthy);
}
