using System.Diagnostics.CodeAnalysis;
using System.Net;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;
using GatewayMesh.Proxy.Policy.Attributes;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// What is fixed for every call a proxy's policy sees, so expressions fold at compile time:
/// <list type="bullet">
/// <item>an inbound sidecar: <c>destination.*</c> is its own workload and service; <c>context.reporter.kind</c> is <c>inbound</c>;</item>
/// <item>the ingress: <c>source.*</c> workload attributes are absent (callers come from outside the mesh) and
/// <c>context.reporter.kind</c> is <c>outbound</c>; at check time the destination workload is absent too (no endpoint
/// has been picked yet; <c>destination.service.*</c> comes from the route).</item>
/// </list>
/// </summary>
internal static class ProxyAttributes
{
    private static readonly MixerAttribute[] SourceWorkload =
    [
        MixerAttribute.SourceLabels, MixerAttribute.SourceName, MixerAttribute.SourceNamespace, MixerAttribute.SourcePrincipal,
        MixerAttribute.SourceUser, MixerAttribute.SourceOwner, MixerAttribute.SourceUid, MixerAttribute.SourceWorkloadUid,
        MixerAttribute.SourceWorkloadName, MixerAttribute.SourceWorkloadNamespace,
    ];

    private static readonly MixerAttribute[] DestinationWorkload =
    [
        MixerAttribute.DestinationLabels, MixerAttribute.DestinationName, MixerAttribute.DestinationNamespace,
        MixerAttribute.DestinationOwner, MixerAttribute.DestinationUid, MixerAttribute.DestinationWorkloadUid,
        MixerAttribute.DestinationWorkloadName, MixerAttribute.DestinationWorkloadNamespace, MixerAttribute.DestinationContainerName,
    ];

    public static FixedAttributes ForChecks(ProxyIdentity proxy) => proxy.Role == ProxyRole.Ingress
        ? Build([.. SourceWorkload, .. DestinationWorkload, MixerAttribute.ContextReporterKind], new FixedValues().With(MixerAttribute.ContextReporterKind, "outbound"))
        : Inbound(proxy);

    /// <summary>For telemetry: the ingress, a sidecar's inbound side, or (<paramref name="outbound"/>) a sidecar's outbound side, where the source is the sidecar's own workload.</summary>
    public static FixedAttributes ForReports(ProxyIdentity proxy, bool outbound = false) =>
        proxy.Role == ProxyRole.Ingress
            ? Build([.. SourceWorkload, MixerAttribute.ContextReporterKind], new FixedValues().With(MixerAttribute.ContextReporterKind, "outbound"))
            : outbound ? Outbound(proxy) : Inbound(proxy);

    private static FixedAttributes Outbound(ProxyIdentity proxy)
    {
        var workload = WorkloadName(proxy);
        var values = new FixedValues()
            .With(MixerAttribute.SourceLabels, new LabelMap(proxy.Labels))
            .With(MixerAttribute.SourceName, workload)
            .With(MixerAttribute.SourceNamespace, proxy.Namespace)
            .With(MixerAttribute.SourceWorkloadName, workload)
            .With(MixerAttribute.SourceWorkloadNamespace, proxy.Namespace)
            .With(MixerAttribute.ContextReporterKind, "outbound");
        return Build(
            [MixerAttribute.SourceLabels, MixerAttribute.SourceName, MixerAttribute.SourceNamespace, MixerAttribute.SourceWorkloadName,
             MixerAttribute.SourceWorkloadNamespace, MixerAttribute.SourceOwner, MixerAttribute.SourceUid, MixerAttribute.SourceWorkloadUid,
             MixerAttribute.ContextReporterKind],
            values);
    }

    /// <summary>The workload's name as Istio's telemetry names it: <c>app-version</c>, or the service.</summary>
    public static string WorkloadName(ProxyIdentity proxy)
    {
        var app = proxy.Labels.TryGetValue("app", out var a) ? a : proxy.ServiceName ?? "unknown";
        return proxy.Labels.TryGetValue("version", out var version) ? $"{app}-{version}" : app;
    }

    private static FixedAttributes Inbound(ProxyIdentity proxy)
    {
        var service = proxy.ServiceName ?? (proxy.Labels.TryGetValue("app", out var app) ? app : "unknown");
        var workload = WorkloadName(proxy);
        var values = new FixedValues()
            .With(MixerAttribute.DestinationLabels, new LabelMap(proxy.Labels))
            .With(MixerAttribute.DestinationName, workload)
            .With(MixerAttribute.DestinationNamespace, proxy.Namespace)
            .With(MixerAttribute.DestinationWorkloadName, workload)
            .With(MixerAttribute.DestinationWorkloadNamespace, proxy.Namespace)
            .With(MixerAttribute.DestinationServiceName, service)
            .With(MixerAttribute.DestinationServiceNamespace, proxy.Namespace)
            .With(MixerAttribute.DestinationServiceHost, $"{service}.{proxy.Namespace}.svc.cluster.local")
            .With(MixerAttribute.ContextReporterKind, "inbound");
        return Build(
            [.. DestinationWorkload, MixerAttribute.DestinationServiceName, MixerAttribute.DestinationServiceNamespace, MixerAttribute.DestinationServiceHost, MixerAttribute.ContextReporterKind],
            values);
    }

    private static FixedAttributes Build(MixerAttribute[] attributes, FixedValues values) => new(attributes.ToHashSet(), values);

    /// <summary>A handful of attribute values known at compile time.</summary>
    private sealed class FixedValues : IAttributeBag
    {
        private readonly Dictionary<MixerAttribute, object> _values = [];

        public FixedValues With(MixerAttribute attribute, object value)
        {
            _values[attribute] = value;
            return this;
        }

        public bool TryGetString(MixerAttribute attribute, [NotNullWhen(true)] out string? value) => Get(attribute, out value);

        public bool TryGetInt64(MixerAttribute attribute, out long value) => Get(attribute, out value);

        public bool TryGetBool(MixerAttribute attribute, out bool value) => Get(attribute, out value);

        public bool TryGetTimestamp(MixerAttribute attribute, out DateTimeOffset value) => Get(attribute, out value);

        public bool TryGetDuration(MixerAttribute attribute, out TimeSpan value) => Get(attribute, out value);

        public bool TryGetIp(MixerAttribute attribute, [NotNullWhen(true)] out IPAddress? value) => Get(attribute, out value);

        public bool TryGetStringMap(MixerAttribute attribute, [NotNullWhen(true)] out IStringMap? value) => Get(attribute, out value);

        private bool Get<T>(MixerAttribute attribute, out T value)
        {
            if (_values.TryGetValue(attribute, out var found) && found is T typed)
            {
                value = typed;
                return true;
            }

            value = default!;
            return false;
        }
    }
}
