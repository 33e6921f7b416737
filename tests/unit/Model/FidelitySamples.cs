using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;
using static GatewayMesh.UnitTests.Model.ModelSamples;

namespace GatewayMesh.UnitTests.Model;

/// <summary>Fully populated resources of the kinds issue 12 added (Sidecar, workloads, RequestAuthentication, ProxyConfig, Istio 0.x routing, RemoteJwks).</summary>
internal static class FidelitySamples
{
    public static IEnumerable<ConfigResource> All() =>
        [Sidecar(), WorkloadEntry(), WorkloadGroup(), ProxyConfig(), RequestAuthentication(), RouteRule(), DestinationPolicy(), EgressRule(), RemoteJwks()];

    public static Sidecar Sidecar() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("default"),
        Spec = new SidecarSpec
        {
            WorkloadSelector = new ServiceEntryWorkloadSelector { Labels = Map(("app", "productpage")) },
            Ingress =
            [
                new IstioIngressListener
                {
                    Port = new SidecarPort { Number = 9080, Protocol = "HTTPS", Name = "https", TargetPort = 0 },
                    Bind = "0.0.0.0",
                    CaptureMode = CaptureMode.Default,
                    DefaultEndpoint = "127.0.0.1:8080",
                    Tls = new ServerTlsSettings { Mode = ServerTlsMode.Simple, ServerCertificate = "/etc/cert.pem", PrivateKey = "/etc/key.pem" },
                    ConnectionPool = new ConnectionPoolSettings { Tcp = new TcpSettings { MaxConnections = 50 } },
                },
            ],
            Egress = [new IstioEgressListener { Port = new SidecarPort { Number = 9080, Protocol = "HTTP", Name = "http" }, Bind = "127.0.0.1", CaptureMode = CaptureMode.None, Hosts = ["./*", "istio-system/*"] }],
            InboundConnectionPool = new ConnectionPoolSettings { Http = new HttpSettings { Http1MaxPendingRequests = 10 } },
            OutboundTrafficPolicy = new OutboundTrafficPolicy
            {
                Mode = OutboundTrafficMode.AllowAny,
                EgressProxy = new Destination { Host = "egress.istio-system.svc.cluster.local", Subset = "v1", Port = new PortSelector { Number = 3128 } },
            },
        },
    };

    public static WorkloadEntry WorkloadEntry() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("ratings-vm"),
        Spec = new WorkloadEntrySpec
        {
            Address = "10.0.0.7",
            Ports = Map(("http", 9080)),
            Labels = Map(("app", "ratings"), ("version", "vm")),
            Network = "vm-network",
            Locality = "us-east1/us-east1-b",
            Weight = 5,
            ServiceAccount = "bookinfo-ratings",
        },
    };

    public static WorkloadGroup WorkloadGroup() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("ratings-vms"),
        Spec = new WorkloadGroupSpec
        {
            Metadata = new WorkloadGroupMetadata { Labels = Map(("app", "ratings")), Annotations = Map(("owner", "team")) },
            Template = new WorkloadEntrySpec { Ports = Map(("http", 9080)), ServiceAccount = "bookinfo-ratings", Network = "vm-network" },
            Probe = new ReadinessProbe
            {
                InitialDelaySeconds = 1,
                TimeoutSeconds = 2,
                PeriodSeconds = 5,
                SuccessThreshold = 1,
                FailureThreshold = 3,
                HttpGet = new HttpHealthCheck { Path = "/ready", Port = 9080, Host = "127.0.0.1", Scheme = "HTTP", HttpHeaders = [new HttpProbeHeader { Name = "x-probe", Value = "1" }] },
                TcpSocket = new TcpHealthCheck { Host = "127.0.0.1", Port = 9080 },
                Exec = new ExecHealthCheck { Command = ["/bin/true"] },
                Grpc = new GrpcHealthCheck { Port = 9090, Service = "health" },
            },
        },
    };

    public static Core.Config.Model.ProxyConfig ProxyConfig() => new()
    {
        ApiVersion = "networking.istio.io/v1beta1",
        Metadata = Metadata("per-workload"),
        Spec = new ProxyConfigSpec
        {
            Selector = new WorkloadSelector { MatchLabels = Map(("app", "ratings")) },
            Concurrency = 2,
            EnvironmentVariables = Map(("ISTIO_META_DNS_CAPTURE", "true")),
            Image = new ProxyImage { ImageType = "distroless" },
        },
    };

    public static RequestAuthentication RequestAuthentication() => new()
    {
        ApiVersion = "security.istio.io/v1",
        Metadata = Metadata("jwt"),
        Spec = new RequestAuthenticationSpec
        {
            Selector = new WorkloadSelector { MatchLabels = Map(("istio", "ingressgateway")) },
            TargetRef = new PolicyTargetReference { Group = "gateway.networking.k8s.io", Kind = "Gateway", Name = "gw" },
            TargetRefs = [new PolicyTargetReference { Group = "gateway.networking.k8s.io", Kind = "Gateway", Name = "gw2" }],
            JwtRules =
            [
                new JwtRule
                {
                    Issuer = "https://issuer.example.com",
                    Audiences = ["bookinfo"],
                    JwksUri = "https://issuer.example.com/jwks.json",
                    Jwks = """{"keys":[]}""",
                    FromHeaders = [new JwtHeader { Name = "x-jwt", Prefix = "Bearer " }],
                    FromParams = ["token"],
                    FromCookies = ["session"],
                    OutputPayloadToHeader = "x-jwt-payload",
                    ForwardOriginalToken = true,
                    OutputClaimToHeaders = [new ClaimToHeader { Header = "x-user", Claim = "sub" }],
                    Timeout = MeshDuration.Parse("5s"),
                    SpaceDelimitedClaims = ["scope"],
                },
            ],
        },
    };

    public static RouteRule RouteRule() => new()
    {
        ApiVersion = "config.istio.io/v1alpha2",
        Metadata = Metadata("reviews-test-v2"),
        Spec = new RouteRuleSpec
        {
            Destination = new IstioService { Name = "reviews", Namespace = "bookinfo", Domain = "cluster.local", Service = "reviews.bookinfo.svc.cluster.local", Labels = Map(("version", "v1")) },
            Precedence = 2,
            Match = new MatchCondition
            {
                Source = new IstioService { Name = "productpage" },
                Tcp = new LegacyL4MatchAttributes { SourceSubnet = ["10.0.0.0/8"], DestinationSubnet = ["10.1.0.0/16"] },
                Udp = new LegacyL4MatchAttributes { SourceSubnet = ["10.2.0.0/16"] },
                Request = new MatchRequest { Headers = Map(("cookie", new LegacyStringMatch { Exact = "a", Prefix = "b", Regex = "^(.*?;)?(user=jason)(;.*)?$" })) },
            },
            Route = [new DestinationWeight { Destination = new IstioService { Name = "reviews" }, Labels = Map(("version", "v2")), Weight = 100 }],
            Redirect = new LegacyRedirect { Uri = "/v2", Authority = "new.example.com" },
            Rewrite = new LegacyRewrite { Uri = "/v3", Authority = "other.example.com" },
            WebsocketUpgrade = true,
            HttpReqTimeout = new HttpTimeout { SimpleTimeout = new SimpleTimeoutPolicy { Timeout = MeshDuration.Parse("10s"), OverrideHeaderName = "x-timeout" } },
            HttpReqRetries = new LegacyRetry { SimpleRetry = new SimpleRetryPolicy { Attempts = 3, PerTryTimeout = MeshDuration.Parse("2s"), OverrideHeaderName = "x-retry" } },
            HttpFault = new LegacyFault
            {
                Delay = new LegacyDelay { Percent = 50, FixedDelay = MeshDuration.Parse("7s"), ExponentialDelay = MeshDuration.Parse("1s"), OverrideHeaderName = "x-delay" },
                Abort = new LegacyAbort { Percent = 10, HttpStatus = 503, GrpcStatus = "UNAVAILABLE", Http2Error = "REFUSED_STREAM", OverrideHeaderName = "x-abort" },
            },
            L4Fault = new L4FaultInjection
            {
                Throttle = new L4Throttle { Percent = 1, DownstreamLimitBps = 100, UpstreamLimitBps = 200, ThrottleAfterPeriod = MeshDuration.Parse("1s"), ThrottleAfterBytes = 1000, ThrottleForPeriod = MeshDuration.Parse("2s") },
                Terminate = new L4Terminate { Percent = 1, TerminateAfterPeriod = MeshDuration.Parse("3s") },
            },
            Mirror = new IstioService { Name = "reviews", Labels = Map(("version", "v3")) },
            CorsPolicy = new LegacyCorsPolicy
            {
                AllowOrigin = ["https://example.com"],
                AllowMethods = ["GET"],
                AllowHeaders = ["x-a"],
                ExposeHeaders = ["x-b"],
                MaxAge = MeshDuration.Parse("1h"),
                AllowCredentials = true,
            },
            AppendHeaders = Map(("x-route", "legacy")),
        },
    };

    public static DestinationPolicy DestinationPolicy() => new()
    {
        ApiVersion = "config.istio.io/v1alpha2",
        Metadata = Metadata("reviews-cb"),
        Spec = new DestinationPolicySpec
        {
            Destination = new IstioService { Name = "reviews", Labels = Map(("version", "v1")) },
            Source = new IstioService { Name = "productpage" },
            LoadBalancing = new LegacyLoadBalancing { Name = SimpleLbPolicy.Random },
            CircuitBreaker = new CircuitBreaker
            {
                SimpleCb = new SimpleCircuitBreakerPolicy
                {
                    MaxConnections = 100,
                    HttpMaxPendingRequests = 10,
                    HttpMaxRequests = 1000,
                    SleepWindow = MeshDuration.Parse("15m"),
                    HttpConsecutiveErrors = 7,
                    HttpDetectionInterval = MeshDuration.Parse("5m"),
                    HttpMaxRequestsPerConnection = 1,
                    HttpMaxEjectionPercent = 100,
                    HttpMaxRetries = 3,
                },
            },
        },
    };

    public static EgressRule EgressRule() => new()
    {
        ApiVersion = "config.istio.io/v1alpha2",
        Metadata = Metadata("googleapis"),
        Spec = new EgressRuleSpec
        {
            Destination = new IstioService { Service = "*.googleapis.com" },
            Ports = [new EgressPort { Port = 443, Protocol = "https" }],
            UseEgressProxy = false,
        },
    };

    public static RemoteJwks RemoteJwks() => new()
    {
        ApiVersion = "gatewaymesh.io/v1",
        Metadata = Metadata("jwks-1a2b3c4d"),
        Spec = new RemoteJwksSpec
        {
            JwksUri = "https://issuer.example.com/jwks.json",
            Jwks = """{"keys":[]}""",
            FetchedAt = "2026-01-01T00:00:00Z",
            LastError = "timed out",
            LastAttemptAt = "2026-01-01T00:20:00Z",
        },
    };
}
