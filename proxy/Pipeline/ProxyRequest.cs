using System.Diagnostics;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// Everything the steps of one request share: where it came in, the config it is served with (read once), what
/// routing chose, who the peers are, timings and <see cref="ResponseFlags"/>. An HttpContext feature
/// (<see cref="ProxyRequestExtensions.GetProxyRequest"/>), pooled: taken when the pipeline starts and reset when the
/// recorders have run, so never keep a reference after the request ends. A step writes only the fields of its stage.
/// </summary>
public sealed class ProxyRequest
{
    private HttpContext? _http;
    private AppliedConfig? _config;
    private ProxyIdentity? _self;

    internal ProxyRequest()
    {
        Balancing = new RequestBalancingContext(this);
    }

    /// <summary>Routing's reader of this request's headers and query, bound while the request runs.</summary>
    internal HttpRequestFields Fields { get; } = new();

    // --- entry (ProxyPipeline) ---

    /// <summary>The request.</summary>
    public HttpContext Http => _http ?? throw new InvalidOperationException("The proxy request is not in use.");

    public ProxyListener Listener { get; private set; }

    public Reporter Reporter => Listener.Reporter();

    /// <summary>Null for a listener; the front door's name (<c>dapr-http</c>, <c>dapr-grpc</c>) otherwise.</summary>
    public string? FrontDoor { get; private set; }

    /// <summary>This proxy.</summary>
    public ProxyIdentity Self => _self!;

    /// <summary>The compiled config this request is served with, read once when it arrived.</summary>
    public AppliedConfig Config => _config!;

    /// <summary>Wall-clock time the request arrived (<c>%START_TIME%</c>).</summary>
    public DateTimeOffset StartTime { get; private set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request arrived.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the last step returned; 0 until then.</summary>
    public long EndTimestamp { get; internal set; }

    /// <summary>The verified mTLS client, null on plaintext.</summary>
    public PeerIdentity? Peer { get; set; }

    public ConnectionSecurity ConnectionSecurity { get; set; }

    /// <summary>The calling workload: this proxy on the ingress and outbound; the peer on inbound (filled by observability's metadata exchange step).</summary>
    public WorkloadInfo? SourceWorkload { get; set; }

    /// <summary>The called workload: the picked endpoint's on outbound and ingress; this proxy's on inbound (filled by observability).</summary>
    public WorkloadInfo? DestinationWorkload { get; set; }

    // --- authenticate ---

    /// <summary>The request's authenticated principal (JWT); null when none was presented or validated.</summary>
    public RequestPrincipal? RequestPrincipal { get; set; }

    // --- match ---

    /// <summary>The matched route; null when none matched (the route action answers 404).</summary>
    public RouteMatch? Match { get; set; }

    /// <summary><c>namespace/virtualservice/rule</c>; <c>inbound</c> or <c>passthrough</c> on those paths.</summary>
    public string? RouteName { get; set; }

    /// <summary>The request as routing reads it, built by the match step.</summary>
    public RequestView View { get; set; }

    // --- authorize ---

    /// <summary>The AuthorizationPolicy that decided (<c>ns/name</c>), when one did.</summary>
    public string? AuthzPolicy { get; set; }

    // --- pick endpoint ---

    public WeightedDestination? Destination { get; set; }

    /// <summary>The chosen cluster: endpoints, balancer and per-cluster resilience.</summary>
    public ClusterEntry? Cluster { get; set; }

    /// <summary><c>outbound|9080|v1|reviews.default.svc.cluster.local</c>, <c>inbound|9080||</c>, <c>PassthroughCluster</c>.</summary>
    public string? ClusterName { get; set; }

    /// <summary>The last upstream host attempted (<c>%UPSTREAM_HOST%</c>).</summary>
    public Endpoint? Endpoint { get; set; }

    /// <summary>Index of <see cref="Endpoint"/> in <see cref="Cluster"/>'s endpoints; -1 when none.</summary>
    public int EndpointIndex { get; set; } = -1;

    /// <summary>The upstream address prefix (<c>https://&lt;endpoint address&gt;:9080</c>); the scheme says whether the hop is mesh mTLS.</summary>
    public string? DestinationPrefix { get; set; }

    public bool UpstreamTls { get; set; }

    /// <summary>What the matched rule and destination forward with (pipeline, request configs, header transforms), from <see cref="AppliedConfig.Targets"/>.</summary>
    public RouteTarget? Target { get; set; }

    /// <summary>The route destination's resilience (Polly pipeline and policy): <see cref="Target"/>'s.</summary>
    public RouteResilience? Resilience => Target?.Resilience;

    /// <summary>The affinity cookie the balancer asks to set on the response, when it does.</summary>
    public SetCookieInstruction? SetCookie { get; set; }

    /// <summary>The balancer's count of this request against its endpoint, released when the request ends.</summary>
    internal EndpointLease BalancerLease { get; set; }

    /// <summary>This request's admission under the cluster's connection-pool limit, released when the request ends.</summary>
    internal RequestLease PoolLease { get; set; }

    /// <summary>The rewritten path, when the route rewrites it.</summary>
    public string? RewrittenPath { get; set; }

    /// <summary>What load balancers read of this request (headers, cookies, query, client address); reused, never allocated per request.</summary>
    public RequestBalancingContext Balancing { get; }

    // --- forward ---

    public int Attempts { get; set; }

    public int Retries { get; set; }

    public int Hedges { get; set; }

    /// <summary>When the first upstream attempt was sent; 0 when none was.</summary>
    public long UpstreamStartTimestamp { get; set; }

    /// <summary>When the answer's response headers arrived; 0 when none did.</summary>
    public long UpstreamEndTimestamp { get; set; }

    public ForwarderError UpstreamError { get; set; }

    /// <summary>The faults the route's fault injection applied (also in <see cref="Flags"/> as DI and FI).</summary>
    public InjectedFaults InjectedFaults { get; set; }

    /// <summary>The exchange the forward step sends through when the route has retries or hedging (reused with this request).</summary>
    internal UpstreamExchange? Exchange { get; set; }

    // --- any step ---

    /// <summary>Why the request ended as it did; each step adds the flags it detects.</summary>
    public ResponseFlags Flags { get; set; }

    /// <summary>Envoy-style detail of a local answer, e.g. <c>rbac_access_denied_matched_policy[ns/name]</c>.</summary>
    public string? ResponseCodeDetails { get; set; }

    // --- observability ---

    /// <summary>The span of this request, when tracing is on.</summary>
    public Activity? Span { get; set; }

    /// <summary>Body bytes received from the client (set by a counting step, when one is registered).</summary>
    public long RequestBodyBytes { get; set; }

    /// <summary>Body bytes sent to the client (set by a counting step, when one is registered).</summary>
    public long ResponseBodyBytes { get; set; }

    internal void Begin(HttpContext http, ProxyListener listener, string? frontDoor, ProxyIdentity self, AppliedConfig config, TimeProvider time)
    {
        _http = http;
        _self = self;
        _config = config;
        Listener = listener;
        FrontDoor = frontDoor;
        StartTimestamp = time.GetTimestamp();
        StartTime = time.GetUtcNow();
        Fields.Request = http.Request;
        if (http.Connection.ClientCertificate is { } certificate && PeerIdentities.Of(certificate) is { } peer)
        {
            Peer = peer;
            ConnectionSecurity = ConnectionSecurity.MutualTls;
        }
        else
        {
            ConnectionSecurity = listener == ProxyListener.SidecarInbound ? ConnectionSecurity.None : ConnectionSecurity.Unknown;
        }
    }

    internal void Reset()
    {
        _http = null;
        _config = null;
        _self = null;
        FrontDoor = null;
        StartTime = default;
        StartTimestamp = EndTimestamp = UpstreamStartTimestamp = UpstreamEndTimestamp = 0;
        Peer = null;
        ConnectionSecurity = ConnectionSecurity.Unknown;
        SourceWorkload = DestinationWorkload = null;
        RequestPrincipal = null;
        Match = null;
        RouteName = null;
        View = default;
        AuthzPolicy = null;
        Destination = null;
        Cluster = null;
        ClusterName = null;
        Endpoint = null;
        EndpointIndex = -1;
        DestinationPrefix = null;
        UpstreamTls = false;
        Target = null;
        SetCookie = null;
        BalancerLease.Dispose();
        BalancerLease = default;
        PoolLease.Dispose();
        PoolLease = default;
        RewrittenPath = null;
        Attempts = Retries = Hedges = 0;
        UpstreamError = ForwarderError.None;
        InjectedFaults = InjectedFaults.None;
        Fields.Unbind();
        Flags = ResponseFlags.None;
        ResponseCodeDetails = null;
        Span = null;
        RequestBodyBytes = ResponseBodyBytes = 0;
    }
}

/// <summary>Reaching the <see cref="ProxyRequest"/> of an HttpContext.</summary>
public static class ProxyRequestExtensions
{
    /// <summary>The request's pipeline context, or null outside a proxy pipeline.</summary>
    public static ProxyRequest? GetProxyRequest(this HttpContext context) => context.Features.Get<ProxyRequest>();
}
