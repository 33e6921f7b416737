using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.UnitTests.Model;

/// <summary>Fully populated resources of every kind: each call builds a new, separate tree.</summary>
internal static class ModelSamples
{
    public static IEnumerable<ConfigResource> All() =>
        [Gateway(), VirtualService(), DestinationRule(), ServiceEntry(), PeerAuthentication(), AuthorizationPolicy(), Telemetry(), Component(), Subscription(), .. MixerModelSamples.All(), .. FidelitySamples.All()];

    public static GatewayMesh.Core.Config.Model.Dapr.DaprComponent Component() => new()
    {
        ApiVersion = "dapr.io/v1alpha1",
        Metadata = Metadata("statestore"),
        Spec = new GatewayMesh.Core.Config.Model.Dapr.ComponentSpec
        {
            Type = "state.redis",
            Version = "v1",
            InitTimeout = "5s",
            IgnoreErrors = true,
            Metadata =
            [
                new GatewayMesh.Core.Config.Model.Dapr.ComponentMetadataItem { Name = "redisHost", Value = "localhost:6379" },
                new GatewayMesh.Core.Config.Model.Dapr.ComponentMetadataItem
                {
                    Name = "redisPassword",
                    SecretKeyRef = new GatewayMesh.Core.Config.Model.Dapr.SecretKeyRef { Name = "redis", Key = "password" },
                },
            ],
        },
        Scopes = ["ratings"],
        Auth = new GatewayMesh.Core.Config.Model.Dapr.ComponentAuth { SecretStore = "local" },
    };

    public static GatewayMesh.Core.Config.Model.Dapr.DaprSubscription Subscription() => new()
    {
        ApiVersion = "dapr.io/v2alpha1",
        Metadata = Metadata("review-viewed"),
        Spec = new GatewayMesh.Core.Config.Model.Dapr.SubscriptionSpec
        {
            PubsubName = "pubsub",
            Topic = "review-viewed",
            Routes = new GatewayMesh.Core.Config.Model.Dapr.SubscriptionRoutes
            {
                Rules = [new GatewayMesh.Core.Config.Model.Dapr.SubscriptionRule { Match = "event.type == \"x\"", Path = "/x" }],
                Default = "/viewed",
            },
            DeadLetterTopic = "dead",
            BulkSubscribe = new GatewayMesh.Core.Config.Model.Dapr.BulkSubscribe { Enabled = true, MaxMessagesCount = 10, MaxAwaitDurationMs = 100 },
        },
        Scopes = ["stats"],
    };

    public static ResourceMetadata Metadata(string name) => new()
    {
        Name = name,
        Namespace = "bookinfo",
        Labels = Map(("app", name)),
        Annotations = Map(("note", "sample")),
        ResourceVersion = "7",
    };

    public static Gateway Gateway() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("bookinfo-gateway"),
        Spec = new GatewaySpec
        {
            Selector = Map(("istio", "ingressgateway")),
            Servers =
            [
                new Server
                {
                    Port = new Port { Number = 443, Protocol = "HTTPS", Name = "https", TargetPort = 8443 },
                    Bind = "0.0.0.0",
                    Hosts = ["bookinfo/*.example.com"],
                    DefaultEndpoint = "127.0.0.1:8080",
                    Name = "https-server",
                    Tls = new ServerTlsSettings
                    {
                        HttpsRedirect = true,
                        Mode = ServerTlsMode.Mutual,
                        ServerCertificate = "/etc/certs/server.pem",
                        PrivateKey = "/etc/certs/key.pem",
                        CaCertificates = "/etc/certs/ca.pem",
                        CaCrl = "/etc/certs/crl.pem",
                        CredentialName = "bookinfo-cert",
                        CredentialNames = ["rsa-cert", "ecdsa-cert"],
                        CaCertCredentialName = "bookinfo-ca",
                        TlsCertificates = [new TlsCertificate { ServerCertificate = "/a.pem", PrivateKey = "/a.key", CaCertificates = "/ca.pem" }],
                        SubjectAltNames = ["spiffe://cluster.local/ns/a/sa/b"],
                        VerifyCertificateSpki = ["spki-hash"],
                        VerifyCertificateHash = ["cert-hash"],
                        MinProtocolVersion = TlsProtocol.Tlsv1_2,
                        MaxProtocolVersion = TlsProtocol.Tlsv1_3,
                        CipherSuites = ["ECDHE-RSA-AES128-GCM-SHA256"],
                        InsecureSkipVerify = false,
                    },
                },
            ],
        },
    };

    public static VirtualService VirtualService() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("reviews"),
        Spec = new VirtualServiceSpec
        {
            Hosts = ["reviews"],
            Gateways = ["bookinfo-gateway", "mesh"],
            ExportTo = ["."],
            Http = [HttpRoutes.Full()],
            Tls =
            [
                new TlsRoute
                {
                    Match =
                    [
                        new TlsMatchAttributes
                        {
                            SniHosts = ["login.example.com"],
                            DestinationSubnets = ["10.0.0.0/8"],
                            Port = 443,
                            SourceLabels = Map(("app", "web")),
                            Gateways = ["mesh"],
                            SourceNamespace = "web",
                        },
                    ],
                    Route = [new RouteDestination { Destination = new Destination { Host = "login", Port = new PortSelector { Number = 443 } }, Weight = 100 }],
                },
            ],
            Tcp =
            [
                new TcpRoute
                {
                    Match =
                    [
                        new L4MatchAttributes
                        {
                            DestinationSubnets = ["10.1.0.0/16"],
                            Port = 27017,
                            SourceSubnet = "10.2.0.0/16",
                            SourceLabels = Map(("app", "api")),
                            Gateways = ["mesh"],
                            SourceNamespace = "api",
                        },
                    ],
                    Route = [new RouteDestination { Destination = new Destination { Host = "mongo", Subset = "v1" }, Weight = 100 }],
                },
            ],
        },
    };

    public static DestinationRule DestinationRule() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("reviews"),
        Spec = new DestinationRuleSpec
        {
            Host = "reviews",
            TrafficPolicy = TrafficPolicies.Full(),
            Subsets = [new Subset { Name = "v1", Labels = Map(("version", "v1")), TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = SimpleLB.Random } } }],
            ExportTo = ["*"],
            WorkloadSelector = new WorkloadSelector { MatchLabels = Map(("app", "productpage")) },
        },
    };

    public static ServiceEntry ServiceEntry() => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = Metadata("external-api"),
        Spec = new ServiceEntrySpec
        {
            Hosts = ["api.example.com"],
            Addresses = ["240.0.0.1"],
            Ports = [new ServicePort { Number = 443, Protocol = "TLS", Name = "tls", TargetPort = 8443 }],
            Location = ServiceEntryLocation.MeshExternal,
            Resolution = ServiceEntryResolution.DnsRoundRobin,
            Endpoints =
            [
                new WorkloadEntrySpec
                {
                    Address = "api.example.com",
                    Ports = Map(("tls", 8443)),
                    Labels = Map(("zone", "a")),
                    Network = "external",
                    Locality = "us-east1/us-east1-b",
                    Weight = 10,
                    ServiceAccount = "api",
                },
            ],
            WorkloadSelector = new ServiceEntryWorkloadSelector { Labels = Map(("app", "api")) },
            ExportTo = ["."],
            SubjectAltNames = ["api.example.com"],
        },
    };

    public static PeerAuthentication PeerAuthentication() => new()
    {
        ApiVersion = "security.istio.io/v1",
        Metadata = Metadata("default"),
        Spec = new PeerAuthenticationSpec
        {
            Selector = new WorkloadSelector { MatchLabels = Map(("app", "reviews")) },
            Mtls = new MutualTls { Mode = MutualTlsMode.Strict },
            PortLevelMtls = Map((8080, new MutualTls { Mode = MutualTlsMode.Permissive })),
        },
    };

    public static AuthorizationPolicy AuthorizationPolicy() => new()
    {
        ApiVersion = "security.istio.io/v1",
        Metadata = Metadata("reviews-viewer"),
        Spec = new AuthorizationPolicySpec
        {
            Selector = new WorkloadSelector { MatchLabels = Map(("app", "reviews")) },
            TargetRef = new PolicyTargetReference { Group = "gateway.networking.k8s.io", Kind = "Gateway", Name = "waypoint", Namespace = "bookinfo" },
            TargetRefs = [new PolicyTargetReference { Kind = "Service", Name = "reviews" }],
            Action = AuthorizationAction.Custom,
            Provider = new ExtensionProvider { Name = "ext-authz" },
            Rules = [AuthorizationRules.Full()],
        },
    };

    public static Telemetry Telemetry() => new()
    {
        ApiVersion = "telemetry.istio.io/v1",
        Metadata = Metadata("mesh-default"),
        Spec = new TelemetrySpec
        {
            Selector = new WorkloadSelector { MatchLabels = Map(("app", "reviews")) },
            TargetRef = new PolicyTargetReference { Kind = "Service", Name = "reviews" },
            TargetRefs = [new PolicyTargetReference { Kind = "Service", Name = "ratings" }],
            Tracing =
            [
                new TelemetryTracing
                {
                    Match = new TelemetryModeMatch { Mode = WorkloadMode.Client },
                    Providers = [new TelemetryProviderRef { Name = "otel" }],
                    RandomSamplingPercentage = 12.5,
                    DisableSpanReporting = false,
                    UseRequestIdForTraceSampling = true,
                    CustomTags = Map(
                        ("team", new TracingCustomTag { Literal = new TracingLiteral { Value = "books" } }),
                        ("pod", new TracingCustomTag { Environment = new TracingEnvironment { Name = "POD_NAME", DefaultValue = "none" } }),
                        ("user", new TracingCustomTag { Header = new TracingRequestHeader { Name = "end-user", DefaultValue = "anonymous" } })),
                },
            ],
            Metrics =
            [
                new TelemetryMetrics
                {
                    Providers = [new TelemetryProviderRef { Name = "prometheus" }],
                    ReportingInterval = MeshDuration.Parse("15s"),
                    Overrides =
                    [
                        new MetricsOverride
                        {
                            Match = new MetricSelector { Metric = IstioMetric.RequestCount, CustomMetric = "my_metric", Mode = WorkloadMode.Server },
                            Disabled = false,
                            TagOverrides = Map(("request_host", new MetricTagOverride { Operation = TagOperation.Upsert, Value = "request.host" })),
                        },
                    ],
                },
            ],
            AccessLogging =
            [
                new TelemetryAccessLogging
                {
                    Match = new TelemetryModeMatch { Mode = WorkloadMode.Server },
                    Providers = [new TelemetryProviderRef { Name = "envoy" }],
                    Disabled = false,
                    Filter = new AccessLogFilter { Expression = "response.code >= 400" },
                },
            ],
        },
    };

    public static ValueMap<TKey, TValue> Map<TKey, TValue>(params (TKey Key, TValue Value)[] entries)
        where TKey : notnull =>
        entries.Select(e => KeyValuePair.Create(e.Key, e.Value)).ToValueMap();
}
