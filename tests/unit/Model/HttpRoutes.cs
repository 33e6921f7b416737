using GatewayMesh.Core.Config.Model;
using static GatewayMesh.UnitTests.Model.ModelSamples;

namespace GatewayMesh.UnitTests.Model;

/// <summary>A fully populated VirtualService HTTP route; every call builds a new tree.</summary>
internal static class HttpRoutes
{
    public static HttpRoute Full() => new()
    {
        Name = "reviews-v2",
        Match =
        [
            new HttpMatchRequest
            {
                Name = "jason",
                Uri = new StringMatch { Prefix = "/reviews" },
                Scheme = new StringMatch { Exact = "https" },
                Method = new StringMatch { Regex = "GET|HEAD" },
                Authority = new StringMatch { Exact = "reviews:9080" },
                Headers = Map(("end-user", new StringMatch { Exact = "jason" })),
                Port = 9080,
                SourceLabels = Map(("app", "productpage")),
                Gateways = ["mesh"],
                QueryParams = Map(("debug", new StringMatch { Exact = "1" })),
                IgnoreUriCase = true,
                WithoutHeaders = Map(("x-skip", new StringMatch { Prefix = "" })),
                SourceNamespace = "bookinfo",
                StatPrefix = "reviews_jason",

            },
        ],
        Route =
        [
            new HttpRouteDestination
            {
                Destination = new Destination { Host = "reviews", Subset = "v2", Port = new PortSelector { Number = 9080 } },
                Weight = 80,
                Headers = HeadersSample(),
            },
        ],
        Redirect = new HttpRedirect
        {
            Uri = "/v1/reviews",
            Authority = "new.example.com",
            Port = 8443,
            DerivePort = RedirectPortSelection.FromRequestPort,
            Scheme = "https",
            RedirectCode = 301,
            PrefixRewrite = "/v1",
        },
        DirectResponse = new HttpDirectResponse { Status = 503, Body = new HttpBody { String = "unavailable", Bytes = "dW5hdmFpbGFibGU=" } },
        Delegate = new HttpRouteDelegate { Name = "reviews-delegate", Namespace = "reviews" },
        Rewrite = new HttpRewrite
        {
            Uri = "/",
            Authority = "reviews.internal",
            UriRegexRewrite = new RegexRewrite { Match = "^/reviews(/|$)(.*)", Rewrite = "/\\2" },
        },
        Timeout = MeshDuration.Parse("10s"),
        Retries = new HttpRetry
        {
            Attempts = 3,
            PerTryTimeout = MeshDuration.Parse("2s"),
            RetryOn = "5xx,connect-failure",
            RetryRemoteLocalities = true,
            RetryIgnorePreviousHosts = false,
            Backoff = MeshDuration.Parse("25ms"),
        },
        Fault = new HttpFaultInjection
        {
            Delay = new FaultDelay
            {
                Percent = 5,
                FixedDelay = MeshDuration.Parse("7s"),
                ExponentialDelay = MeshDuration.Parse("1s"),
                Percentage = new Percent { Value = 0.1 },
            },
            Abort = new FaultAbort { HttpStatus = 500, GrpcStatus = "UNAVAILABLE", Http2Error = "PROTOCOL_ERROR", Percentage = new Percent { Value = 12.5 } },
        },
        Mirror = new Destination { Host = "reviews-shadow" },
        Mirrors = [new HttpMirrorPolicy { Destination = new Destination { Host = "reviews-audit" }, Percentage = new Percent { Value = 50 } }],
        MirrorPercent = 10,
        MirrorPercentage = new Percent { Value = 10 },
        CorsPolicy = new CorsPolicy
        {
            AllowOrigins = [new StringMatch { Exact = "https://example.com" }],
            AllowOrigin = ["https://legacy.example.com"],
            AllowMethods = ["GET", "POST"],
            AllowHeaders = ["x-custom"],
            ExposeHeaders = ["x-trace"],
            MaxAge = MeshDuration.Parse("24h"),
            AllowCredentials = true,
            UnmatchedPreflights = UnmatchedPreflights.Ignore,
        },
        Headers = HeadersSample(),
    };

    private static Headers HeadersSample() => new()
    {
        Request = new HeaderOperations { Set = Map(("x-env", "test")), Add = Map(("x-hop", "1")), Remove = ["x-internal"] },
        Response = new HeaderOperations { Set = Map(("cache-control", "no-store")), Add = Map(("x-served-by", "mesh")), Remove = ["server"] },
    };
}
