using System.Text.Json;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Output;

/// <summary>One table column of a kind: header, which field it shows, and whether only <c>-o wide</c> shows it.</summary>
internal sealed record ResourceColumn(string Header, Func<JsonElement, string> Read, bool WideOnly = false);

/// <summary>The kind-specific columns <c>meshctl get</c> prints between NAME and REVISION.</summary>
internal static class ResourceColumns
{
    public static IReadOnlyList<ResourceColumn> For(string kind, bool wide) =>
        [.. ForKind(kind).Where(c => wide || !c.WideOnly)];

    private static IEnumerable<ResourceColumn> ForKind(string kind) => kind switch
    {
        ResourceKinds.Gateway =>
        [
            Joined("HOSTS", "spec.servers.hosts"),
            Joined("PORTS", "spec.servers.port.number"),
            Joined("SELECTOR", "spec.selector", wideOnly: true),
        ],
        ResourceKinds.VirtualService =>
        [
            Joined("GATEWAYS", "spec.gateways"),
            Joined("HOSTS", "spec.hosts"),
        ],
        ResourceKinds.DestinationRule =>
        [
            Joined("HOST", "spec.host"),
            Joined("SUBSETS", "spec.subsets.name", wideOnly: true),
        ],
        ResourceKinds.ServiceEntry =>
        [
            Joined("HOSTS", "spec.hosts"),
            Joined("LOCATION", "spec.location"),
            Joined("RESOLUTION", "spec.resolution"),
        ],
        ResourceKinds.PeerAuthentication =>
        [
            Joined("MODE", "spec.mtls.mode"),
            Joined("SELECTOR", "spec.selector.matchLabels", wideOnly: true),
        ],
        ResourceKinds.AuthorizationPolicy =>
        [
            Joined("ACTION", "spec.action"),
            Joined("SELECTOR", "spec.selector.matchLabels", wideOnly: true),
        ],
        ResourceKinds.Telemetry => // observability (issue 13)
        [
            Joined("SELECTOR", "spec.selector.matchLabels"),
            Joined("SAMPLING", "spec.tracing.randomSamplingPercentage", wideOnly: true),
        ],
        // --- config fidelity (issue 12) ---
        ResourceKinds.Sidecar =>
        [
            Joined("SELECTOR", "spec.workloadSelector.labels"),
            Joined("EGRESS HOSTS", "spec.egress.hosts"),
            Joined("OUTBOUND", "spec.outboundTrafficPolicy.mode", wideOnly: true),
        ],
        ResourceKinds.WorkloadEntry =>
        [
            Joined("ADDRESS", "spec.address"),
            Joined("LABELS", "spec.labels", wideOnly: true),
        ],
        ResourceKinds.WorkloadGroup =>
        [
            Joined("LABELS", "spec.metadata.labels"),
            Joined("SERVICE ACCOUNT", "spec.template.serviceAccount", wideOnly: true),
        ],
        ResourceKinds.ProxyConfig =>
        [
            Joined("CONCURRENCY", "spec.concurrency"),
            Joined("SELECTOR", "spec.selector.matchLabels", wideOnly: true),
        ],
        ResourceKinds.RequestAuthentication =>
        [
            Joined("ISSUERS", "spec.jwtRules.issuer"),
            Joined("SELECTOR", "spec.selector.matchLabels", wideOnly: true),
        ],
        ResourceKinds.RouteRule =>
        [
            Joined("DESTINATION", "spec.destination.name"),
            Joined("PRECEDENCE", "spec.precedence"),
        ],
        ResourceKinds.DestinationPolicy => [Joined("DESTINATION", "spec.destination.name")],
        ResourceKinds.EgressRule => [Joined("SERVICE", "spec.destination.service")],
        ResourceKinds.RemoteJwks =>
        [
            Joined("JWKS URI", "spec.jwksUri"),
            Joined("FETCHED", "spec.fetchedAt"),
            Joined("LAST ERROR", "spec.lastError", wideOnly: true),
        ],
        // --- end config fidelity ---
        _ => [],
    };

    private static ResourceColumn Joined(string header, string path, bool wideOnly = false) =>
        new(header, resource => JsonFields.Joined(resource, path), wideOnly);
}
