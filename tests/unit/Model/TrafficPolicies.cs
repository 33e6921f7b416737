using GatewayMesh.Core.Config.Model;
using static GatewayMesh.UnitTests.Model.ModelSamples;

namespace GatewayMesh.UnitTests.Model;

/// <summary>A fully populated DestinationRule traffic policy; every call builds a new tree.</summary>
internal static class TrafficPolicies
{
    public static TrafficPolicy Full() => new()
    {
        LoadBalancer = LoadBalancer(),
        ConnectionPool = ConnectionPool(),
        OutlierDetection = Outlier(),
        Tls = Tls(),
        PortLevelSettings =
        [
            new PortTrafficPolicy
            {
                Port = new PortSelector { Number = 9080 },
                LoadBalancer = new LoadBalancerSettings { Simple = SimpleLB.LeastRequest },
                ConnectionPool = new ConnectionPoolSettings { Tcp = new TcpSettings { MaxConnections = 10 } },
                OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 2 },
                Tls = new ClientTlsSettings { Mode = ClientTlsMode.IstioMutual },
            },
        ],
        Tunnel = new TunnelSettings { Protocol = "CONNECT", TargetHost = "egress.example.com", TargetPort = 3128 },
        ProxyProtocol = new ProxyProtocol { Version = ProxyProtocolVersion.V2 },
        RetryBudget = new RetryBudget { Percent = 20, MinRetryConcurrency = 3, BudgetInterval = MeshDuration.Parse("10s") },
    };

    private static LoadBalancerSettings LoadBalancer() => new()
    {
        Simple = SimpleLB.RoundRobin,
        ConsistentHash = new ConsistentHashLB
        {
            HttpHeaderName = "x-user",
            HttpCookie = new HttpCookie
            {
                Name = "session",
                Path = "/",
                Ttl = MeshDuration.Parse("1h"),
                Attributes = [new HttpCookieAttribute { Name = "SameSite", Value = "Strict" }],
            },
            UseSourceIp = true,
            HttpQueryParameterName = "user",
            RingHash = new RingHash { MinimumRingSize = 1024 },
            Maglev = new MagLev { TableSize = 65537 },
            MinimumRingSize = 512,
        },
        LocalityLbSetting = new LocalityLoadBalancerSetting
        {
            Distribute = [new LocalityDistribute { From = "us-west/zone1/*", To = Map(("us-west/zone1/*", 80), ("us-west/zone2/*", 20)) }],
            Failover = [new LocalityFailover { From = "us-east", To = "eu-west" }],
            FailoverPriority = ["topology.kubernetes.io/region"],
            Enabled = true,
        },
        ZoneAwareLbSetting = new ZoneAwareLoadBalancerSetting
        {
            Enabled = true,
            Failover = [new LocalityFailover { From = "zone-a", To = "zone-b" }],
            FailoverPriority = ["topology.kubernetes.io/zone"],
            MinClusterSize = 6,
        },
        WarmupDurationSecs = MeshDuration.Parse("30s"),
        Warmup = new WarmupConfiguration { Duration = MeshDuration.Parse("60s"), MinimumPercent = 10, Aggression = 1.5 },
    };

    private static ConnectionPoolSettings ConnectionPool() => new()
    {
        Tcp = new TcpSettings
        {
            MaxConnections = 100,
            ConnectTimeout = MeshDuration.Parse("30ms"),
            TcpKeepalive = new TcpKeepalive { Probes = 9, Time = MeshDuration.Parse("7200s"), Interval = MeshDuration.Parse("75s") },
            MaxConnectionDuration = MeshDuration.Parse("1h"),
            IdleTimeout = MeshDuration.Parse("5m"),
        },
        Http = new HttpSettings
        {
            Http1MaxPendingRequests = 1,
            Http2MaxRequests = 1000,
            MaxRequestsPerConnection = 10,
            MaxRetries = 3,
            IdleTimeout = MeshDuration.Parse("1m"),
            H2UpgradePolicy = H2UpgradePolicy.Upgrade,
            UseClientProtocol = true,
            MaxConcurrentStreams = 100,
            Http2KeepAlive = new ConnectionKeepalive { Interval = MeshDuration.Parse("30s"), Timeout = MeshDuration.Parse("5s") },
        },
    };

    private static OutlierDetection Outlier() => new()
    {
        ConsecutiveErrors = 7,
        SplitExternalLocalOriginErrors = true,
        ConsecutiveLocalOriginFailures = 5,
        ConsecutiveGatewayErrors = 3,
        Consecutive5xxErrors = 5,
        Interval = MeshDuration.Parse("10s"),
        BaseEjectionTime = MeshDuration.Parse("30s"),
        MaxEjectionPercent = 50,
        MinHealthPercent = 30,
        OutlierDetectionHttpErrorCodes = [502, 503],
    };

    private static ClientTlsSettings Tls() => new()
    {
        Mode = ClientTlsMode.Mutual,
        ClientCertificate = "/etc/certs/client.pem",
        PrivateKey = "/etc/certs/client.key",
        CaCertificates = "/etc/certs/ca.pem",
        CredentialName = "client-credential",
        SubjectAltNames = ["reviews.example.com"],
        Sni = "reviews.example.com",
        InsecureSkipVerify = false,
        CaCrl = "/etc/certs/crl.pem",
    };
}
