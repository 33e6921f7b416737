using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry;

/// <summary>The Kubernetes mode's log messages: sync 6000-6099, leadership 6100-6149, webhooks and injection 6200-6299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Watch of {Resource} from resourceVersion {ResourceVersion} expired (410 Gone); listing again")]
    public static partial void WatchExpired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Watch of {Resource} from resourceVersion {ResourceVersion} failed; retrying in {Backoff}: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string resource, string? resourceVersion, TimeSpan backoff, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Watching {Resource} from resourceVersion {ResourceVersion}")]
    public static partial void Watching(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "No CustomResourceDefinition {Crd} is served; install the chart's CRDs. Looking again in a minute")]
    public static partial void CrdMissing(ILogger logger, string crd);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Kubernetes {Action} {Key}")]
    public static partial void CustomResourceStored(ILogger logger, string action, ResourceKey key);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Kubernetes deleted {Key}")]
    public static partial void CustomResourceDeleted(ILogger logger, ResourceKey key);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "Wrote {Key} to Kubernetes ({Action}); the CRD watch stores it in Redis")]
    public static partial void CustomResourceWritten(ILogger logger, string action, ResourceKey key);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Refused {Key} from Kubernetes with {Count} errors (the stored version, if any, stays): {Errors}")]
    public static partial void CustomResourceRejected(ILogger logger, ResourceKey key, int count, string errors);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning, Message = "Could not write the status of {Key}: {Reason}")]
    public static partial void StatusWriteFailed(ILogger logger, ResourceKey key, string reason);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Service discovery reads {Api}")]
    public static partial void EndpointsApiChosen(ILogger logger, string api);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Instances from Kubernetes: {Registered} registered or updated, {Removed} removed, {Total} in all")]
    public static partial void InstancesSynced(ILogger logger, int registered, int removed, int total);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Instance sync failed; retrying: {Reason}")]
    public static partial void InstanceSyncFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Kubernetes sync started as leader (fencing token {FencingToken})")]
    public static partial void SyncStarted(ILogger logger, long fencingToken);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Information, Message = "Kubernetes sync stopped")]
    public static partial void SyncStopped(ILogger logger);

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "{Identity} became the leader (Lease {Lease}, fencing token {FencingToken})")]
    public static partial void BecameKubernetesLeader(ILogger logger, string identity, string lease, long fencingToken);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "{Identity} lost the leadership (Lease {Lease})")]
    public static partial void LostLeadership(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "{Identity} released the Lease {Lease}")]
    public static partial void LeaseReleased(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Lease {Lease}: {Reason}")]
    public static partial void LeaseError(ILogger logger, string lease, string reason);

    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Admission refused {Resource}: {Count} errors")]
    public static partial void AdmissionDenied(ILogger logger, string resource, int count);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Injected the sidecar into pod {PodNamespace}/{Name} ({Capture})")]
    public static partial void Injected(ILogger logger, string podNamespace, string name, string capture);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Applied the gateway template to pod {PodNamespace}/{Name}: {Count} ProxyConfig variable(s) on its proxy container")]
    public static partial void GatewayInjected(ILogger logger, string podNamespace, string name, int count);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "Not injecting pod {PodNamespace}/{Name}: {Reason}")]
    public static partial void InjectionSkipped(ILogger logger, string? podNamespace, string? name, string reason);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Injecting pod {PodNamespace}/{Name} without ProxyConfig variables: the config store could not be read ({Error})")]
    public static partial void InjectionWithoutProxyConfigs(ILogger logger, string podNamespace, string name, string error);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Refused pod {PodNamespace}/{Name}: {Errors}")]
    public static partial void InjectionRefused(ILogger logger, string podNamespace, string name, string errors);

    [LoggerMessage(EventId = 6210, Level = LogLevel.Information, Message = "Webhook serving certificate issued by the CA for {Names}, valid until {NotAfter:o}")]
    public static partial void WebhookCertificateIssued(ILogger logger, string names, DateTime notAfter);

    [LoggerMessage(EventId = 6211, Level = LogLevel.Warning, Message = "Could not get the webhook serving certificate ({Reason}); retrying in {Retry}")]
    public static partial void WebhookCertificateFailed(ILogger logger, string reason, TimeSpan retry);

    [LoggerMessage(EventId = 6212, Level = LogLevel.Information, Message = "Patched caBundle of {Configuration}")]
    public static partial void CaBundlePatched(ILogger logger, string configuration);

    [LoggerMessage(EventId = 6213, Level = LogLevel.Information, Message = "Webhook configuration {Configuration} does not exist; not patching it")]
    public static partial void WebhookConfigurationMissing(ILogger logger, string configuration);
}
