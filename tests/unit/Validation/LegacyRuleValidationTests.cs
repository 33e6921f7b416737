using Xunit;

namespace GatewayMesh.UnitTests.Validation;

/// <summary>Issue 12: Istio 0.x RouteRule, DestinationPolicy and EgressRule validated as Istio 0.7 did, with field paths.</summary>
public class LegacyRuleValidationTests
{
    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "RouteRule", "{route: [{labels: {version: v1}}]}", "spec.destination: a service reference is required (name or service)" },
        { "RouteRule", "{destination: {}}", "spec.destination: set name or service" },
        { "RouteRule", "{destination: {name: reviews, service: reviews.default.svc.cluster.local}}", "spec.destination: set name or service, not both" },
        { "RouteRule", "{destination: {name: Reviews}}", "spec.destination.name: invalid name \"Reviews\": expected a DNS-1123 label" },
        { "RouteRule", "{destination: {name: reviews, labels: {version: v1}}}", "spec.destination.labels: labels are not allowed here" },
        { "RouteRule", "{destination: {service: \"bad host!\"}}", "spec.destination.service: invalid service \"bad host!\": expected a fully qualified domain name (\"*.\" and \"*-\" wildcards allowed) or a CIDR" },
        { "RouteRule", "{destination: {service: reviews.default.svc.cluster.local, namespace: default}}", "spec.destination.namespace: namespace cannot be combined with service (service is fully qualified)" },
        { "RouteRule", "{destination: {name: reviews}, route: [{labels: {version: v1}, weight: 60}, {labels: {version: v2}, weight: 30}]}", "spec.route: route weights total 90; Istio 0.x route rules must total 100" },
        { "RouteRule", "{destination: {name: reviews}, route: [{labels: {version: v1}, weight: 150}]}", "spec.route[0].weight: percentage must be between 0 and 100, got 150" },
        { "RouteRule", "{destination: {name: reviews}, match: {request: {headers: {Cookie: {regex: \"user=jason\"}}}}}", "spec.match.request.headers[Cookie]: invalid header name \"Cookie\": Istio 0.x header names are lower case" },
        { "RouteRule", "{destination: {name: reviews}, match: {request: {headers: {cookie: {exact: a, regex: b}}}}}", "spec.match.request.headers[cookie]: set exactly one of exact, prefix or regex, got exact and regex" },
        { "RouteRule", "{destination: {name: reviews}, match: {request: {headers: {uri: {prefix: \"\"}}}}}", "spec.match.request.headers[uri].prefix: the uri match must not be empty" },
        { "RouteRule", "{destination: {name: reviews}, match: {request: {headers: {cookie: {regex: \"(a)\\\\1\"}}}}}", "spec.match.request.headers[cookie].regex: invalid regex \"(a)\\1\": backreferences are not supported (RE2 syntax only)" },
        { "RouteRule", "{destination: {name: reviews}, match: {source: {name: Product}}}", "spec.match.source.name: invalid name \"Product\": expected a DNS-1123 label" },
        { "RouteRule", "{destination: {name: reviews}, match: {tcp: {sourceSubnet: [10.0.0.0/33]}}}", "spec.match.tcp.sourceSubnet[0]: invalid address \"10.0.0.0/33\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "RouteRule", "{destination: {name: reviews}, match: {udp: {}}}", "spec.match.udp: UDP matching is not supported (nor was it in Istio 0.x)" },
        { "RouteRule", "{destination: {name: reviews}, redirect: {uri: /v2}, route: [{labels: {version: v1}}]}", "spec.redirect: a rule cannot have both route and redirect" },
        { "RouteRule", "{destination: {name: reviews}, redirect: {}}", "spec.redirect: redirect must set uri, authority or both" },
        { "RouteRule", "{destination: {name: reviews}, rewrite: {}}", "spec.rewrite: rewrite must set uri, authority or both" },
        { "RouteRule", "{destination: {name: reviews}, httpReqTimeout: {simpleTimeout: {timeout: 0s}}}", "spec.httpReqTimeout.simpleTimeout.timeout: duration must be at least 1ms, got \"0s\"" },
        { "RouteRule", "{destination: {name: reviews}, httpReqRetries: {simpleRetry: {attempts: -1}}}", "spec.httpReqRetries.simpleRetry.attempts: must not be negative, got -1" },
        { "RouteRule", "{destination: {name: reviews}, httpFault: {delay: {percent: 101, fixedDelay: 7s}}}", "spec.httpFault.delay.percent: percentage must be between 0 and 100, got 101" },
        { "RouteRule", "{destination: {name: reviews}, httpFault: {delay: {percent: 10}}}", "spec.httpFault.delay.fixedDelay: fixedDelay is required" },
        { "RouteRule", "{destination: {name: reviews}, httpFault: {delay: {percent: 10, exponentialDelay: 1s}}}", "spec.httpFault.delay.exponentialDelay: exponentialDelay is not supported (nor was it in Istio 0.x); use fixedDelay" },
        { "RouteRule", "{destination: {name: reviews}, httpFault: {abort: {percent: 10, grpcStatus: UNAVAILABLE}}}", "spec.httpFault.abort.grpcStatus: gRPC aborts are not supported (nor were they in Istio 0.x); use httpStatus" },
        { "RouteRule", "{destination: {name: reviews}, httpFault: {abort: {percent: 10, httpStatus: 700}}}", "spec.httpFault.abort.httpStatus: must be between 100 and 599, got 700" },
        { "RouteRule", "{destination: {name: reviews}, l4Fault: {terminate: {percent: 10}}}", "spec.l4Fault: L4 faults are not supported (Istio 0.x never implemented them)" },
        { "RouteRule", "{destination: {name: reviews}, appendHeaders: {X-Route: a}}", "spec.appendHeaders[X-Route]: invalid header name \"X-Route\": expected a lower-case header name" },
        { "RouteRule", "{destination: {name: reviews}, appendHeaders: {x-route: \"\"}}", "spec.appendHeaders[x-route]: appended header \"x-route\" needs a value" },
        { "RouteRule", "{destination: {name: reviews}, corsPolicy: {allowMethods: [FETCH]}}", "spec.corsPolicy.allowMethods[0]: \"FETCH\" is not a supported HTTP method" },
        { "RouteRule", "{destination: {name: reviews}, corsPolicy: {maxAge: 1500ms}}", "spec.corsPolicy.maxAge: duration must be a whole number of seconds, got \"1500ms\"" },
        { "DestinationPolicy", "{loadBalancing: {name: RANDOM}}", "spec.destination: a service reference is required (name or service)" },
        { "DestinationPolicy", "{destination: {name: reviews}}", "spec: set loadBalancing, circuitBreaker or both" },
        { "DestinationPolicy", "{destination: {name: reviews}, loadBalancing: {}}", "spec.loadBalancing.name: name is required: ROUND_ROBIN, LEAST_CONN or RANDOM" },
        { "DestinationPolicy", "{destination: {name: reviews}, source: {name: productpage}, loadBalancing: {name: RANDOM}}", "spec.source: source-scoped destination policies are not supported; the policy would apply to every caller" },
        { "DestinationPolicy", "{destination: {name: reviews}, circuitBreaker: {}}", "spec.circuitBreaker.simpleCb: simpleCb is required (custom circuit breakers are not supported)" },
        { "DestinationPolicy", "{destination: {name: reviews}, circuitBreaker: {simpleCb: {maxConnections: -1}}}", "spec.circuitBreaker.simpleCb.maxConnections: must not be negative, got -1" },
        { "DestinationPolicy", "{destination: {name: reviews}, circuitBreaker: {simpleCb: {httpMaxEjectionPercent: 120}}}", "spec.circuitBreaker.simpleCb.httpMaxEjectionPercent: must be between 0 and 100, got 120" },
        { "DestinationPolicy", "{destination: {name: reviews}, circuitBreaker: {simpleCb: {sleepWindow: 0s}}}", "spec.circuitBreaker.simpleCb.sleepWindow: duration must be at least 1ms, got \"0s\"" },
        { "EgressRule", "{ports: [{port: 443, protocol: https}]}", "spec.destination: destination is required" },
        { "EgressRule", "{destination: {name: google, service: \"*.googleapis.com\"}, ports: [{port: 443, protocol: https}]}", "spec.destination.name: an egress rule names its destination by service only, not name" },
        { "EgressRule", "{destination: {service: \"*.googleapis.com\"}}", "spec.ports: at least one port is required" },
        { "EgressRule", "{destination: {service: \"*.googleapis.com\"}, ports: [{port: 443, protocol: https}, {port: 443, protocol: http}]}", "spec.ports[1].port: port 443 is already listed at spec.ports[0]" },
        { "EgressRule", "{destination: {service: \"*.googleapis.com\"}, ports: [{port: 443, protocol: ftp}]}", "spec.ports[0].protocol: protocol must be one of HTTP, HTTPS, HTTP2, GRPC, TCP, MONGO, got \"ftp\"" },
        { "EgressRule", "{destination: {service: 10.0.0.0/16}, ports: [{port: 80, protocol: http}]}", "spec.ports[0].protocol: a CIDR destination takes only TCP or MONGO ports, got \"http\"" },
        { "EgressRule", "{destination: {service: \"*.googleapis.com\"}, ports: [{port: 443, protocol: https}], useEgressProxy: true}", "spec.useEgressProxy: an egress proxy is not supported (nor was it in Istio 0.x)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidLegacyRule_ReportsExactError(string kind, string spec, string expected)
    {
        Assert.Equal([$"{kind} default/x: {expected}"], ValidationHarness.Errors(kind, spec));
    }

    [Theory]
    [InlineData("RouteRule", "{destination: {name: reviews}, precedence: 2, match: {request: {headers: {cookie: {regex: \"^(.*?;)?(user=jason)(;.*)?$\"}}}}, route: [{labels: {version: v2}}]}")]
    [InlineData("RouteRule", "{destination: {name: reviews}, precedence: 1, route: [{labels: {version: v1}, weight: 50}, {labels: {version: v3}, weight: 50}]}")]
    [InlineData("RouteRule", "{destination: {name: ratings}, route: [{labels: {version: v1}}], httpFault: {delay: {percent: 100, fixedDelay: 7s}}}")]
    [InlineData("RouteRule", "{destination: {service: reviews.default.svc.cluster.local}, match: {source: {name: productpage, labels: {version: v1}}}, httpReqTimeout: {simpleTimeout: {timeout: 1s}}, httpReqRetries: {simpleRetry: {attempts: 3, perTryTimeout: 2s}}, mirror: {name: reviews, labels: {version: v3}}, appendHeaders: {x-legacy: \"yes\"}, websocketUpgrade: true}")]
    [InlineData("RouteRule", "{destination: {name: reviews}, redirect: {uri: /v1/reviews, authority: reviews.example.com}}")]
    [InlineData("DestinationPolicy", "{destination: {name: reviews, labels: {version: v1}}, circuitBreaker: {simpleCb: {maxConnections: 1, httpMaxPendingRequests: 1, sleepWindow: 15m, httpDetectionInterval: 5m, httpMaxEjectionPercent: 100, httpConsecutiveErrors: 1, httpMaxRequestsPerConnection: 1}}}")]
    [InlineData("DestinationPolicy", "{destination: {name: reviews}, loadBalancing: {name: RANDOM}}")]
    [InlineData("EgressRule", "{destination: {service: \"*.googleapis.com\"}, ports: [{port: 443, protocol: https}]}")]
    [InlineData("EgressRule", "{destination: {service: 10.0.0.0/16}, ports: [{port: 27017, protocol: mongo}]}")]
    public void Validate_ValidLegacyRule_HasNoErrors(string kind, string spec)
    {
        Assert.Empty(ValidationHarness.Errors(kind, spec));
    }
}
