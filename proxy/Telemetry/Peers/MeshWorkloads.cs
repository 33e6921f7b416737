using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Proxy.Telemetry.Peers;

/// <summary>
/// Who this proxy and the workloads it talks to are, as Istio's labels name them. This proxy's workload, its peer
/// metadata header and its service are built once; an endpoint's workload and SPIFFE principal once per endpoint
/// object; a peer's principal once per distinct principal. Per request, everything here is a lookup that allocates
/// nothing.
/// </summary>
/// <remarks>
/// A workload's name is Istio's Deployment name: <c>&lt;app&gt;-&lt;version&gt;</c> (Bookinfo's <c>reviews-v2</c>) when
/// both labels are set, else the app; the ingress is <c>istio-ingressgateway</c> (app label the same when unset).
/// </remarks>
public sealed class MeshWorkloads
{
    /// <summary>Istio's default cluster id (<c>source_cluster</c>, <c>destination_cluster</c>).</summary>
    public const string ClusterId = "Kubernetes";

    public const string MeshId = "cluster.local";
    public const string IngressWorkloadName = "istio-ingressgateway";
    private const int MaxPrincipals = 4096;

    private readonly ConditionalWeakTable<Endpoint, EndpointWorkload> _endpoints = new();

    // Made once: a lambda that reads _trustDomain would allocate a new delegate on every lookup.
    private readonly ConditionalWeakTable<Endpoint, EndpointWorkload>.CreateValueCallback _describeEndpoint;
    private readonly ConcurrentDictionary<string, string> _peerPrincipals = new(StringComparer.Ordinal);
    private readonly string _trustDomain;

    public MeshWorkloads(ProxyIdentity identity, SpiffeId? selfIdentity)
    {
        _trustDomain = selfIdentity?.TrustDomain ?? SpiffeId.DefaultTrustDomain;
        _describeEndpoint = Describe;
        Self = ForProxy(identity, selfIdentity?.ServiceAccount);
        SelfMetadata = PeerMetadata.Encode(Self, MeshId);
        SelfMetadataId = PeerMetadata.NodeId(identity.Role == ProxyRole.Ingress ? "router" : "sidecar", "127.0.0.1", Self);
        SelfPrincipal = selfIdentity?.ToString();
        SelfService = identity.ServiceName is { Length: > 0 } service
            ? ServiceInfo.ForHost($"{service}.{identity.Namespace}.svc.cluster.local")
            : ServiceInfo.Unknown;
    }

    /// <summary>This proxy's workload.</summary>
    public WorkloadInfo Self { get; }

    /// <summary>This proxy's <c>x-envoy-peer-metadata</c> value.</summary>
    public string SelfMetadata { get; }

    /// <summary>This proxy's <c>x-envoy-peer-metadata-id</c> value.</summary>
    public string SelfMetadataId { get; }

    /// <summary>This proxy's SPIFFE ID (<c>spiffe://td/ns/N/sa/S</c>), when it has a workload identity.</summary>
    public string? SelfPrincipal { get; }

    /// <summary>The service a sidecar's inbound serves (<c>destination_service</c> on the server side).</summary>
    public ServiceInfo SelfService { get; }

    /// <summary>The workload of an upstream endpoint, from its registry labels.</summary>
    public WorkloadInfo WorkloadOf(Endpoint endpoint) => Of(endpoint).Workload;

    /// <summary>The SPIFFE ID an mTLS server at <paramref name="endpoint"/> presents.</summary>
    public string PrincipalOf(Endpoint endpoint) => Of(endpoint).Principal;

    /// <summary>A verified mTLS peer's SPIFFE ID, as Istio's <c>source_principal</c> writes it.</summary>
    public string PrincipalOf(PeerIdentity peer)
    {
        if (_peerPrincipals.TryGetValue(peer.Principal, out var known))
        {
            return known;
        }

        var principal = WorkloadInfo.Clean("spiffe://" + peer.Principal);
        return _peerPrincipals.Count < MaxPrincipals ? _peerPrincipals.GetOrAdd(peer.Principal, principal) : principal;
    }

    /// <summary>The workload name Istio would report for a workload with these labels.</summary>
    public static string? WorkloadName(ValueMap<string, string> labels)
    {
        var app = labels.TryGetValue("app", out var a) && a.Length > 0 ? a : null;
        var version = labels.TryGetValue("version", out var v) && v.Length > 0 ? v : null;
        return app is null ? null : version is null ? app : $"{app}-{version}";
    }

    private static WorkloadInfo ForProxy(ProxyIdentity identity, string? serviceAccount)
    {
        if (identity.Role == ProxyRole.Ingress)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in identity.Labels)
            {
                labels[key] = value;
            }

            labels.TryAdd("app", IngressWorkloadName);
            return WorkloadInfo.From(IngressWorkloadName, identity.Namespace, labels.ToValueMap(), ClusterId, serviceAccount);
        }

        return WorkloadInfo.From(WorkloadName(identity.Labels) ?? identity.ServiceName, identity.Namespace, identity.Labels, ClusterId, serviceAccount);
    }

    private EndpointWorkload Of(Endpoint endpoint) =>
        _endpoints.TryGetValue(endpoint, out var known) ? known : _endpoints.GetValue(endpoint, _describeEndpoint);

    private EndpointWorkload Describe(Endpoint e) => new(
        WorkloadInfo.From(WorkloadName(e.Labels) ?? e.InstanceId, e.Namespace, e.Labels, ClusterId, e.ServiceAccount),
        WorkloadInfo.Clean(new SpiffeId(_trustDomain, e.Namespace.Length > 0 ? e.Namespace : "default", e.ServiceAccount.Length > 0 ? e.ServiceAccount : "default").ToString()));

    private sealed record EndpointWorkload(WorkloadInfo Workload, string Principal);
}
