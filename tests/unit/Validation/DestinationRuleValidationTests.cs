using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class DestinationRuleValidationTests
{
    private const string Policy = "{host: reviews, trafficPolicy: ";

    public static TheoryData<string, string> Cases() => new()
    {
        { "{subsets: [{name: v1}]}", "spec.host: host is required" },
        { "{host: \"reviews:9080\"}", "spec.host: invalid host \"reviews:9080\": must not include a port" },
        { "{host: reviews, subsets: [{labels: {version: v1}}]}", "spec.subsets[0].name: subset name is required" },
        { "{host: reviews, subsets: [{name: V1}]}", "spec.subsets[0].name: invalid subset name \"V1\": expected a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters)" },
        { "{host: reviews, subsets: [{name: v1}, {name: v2}, {name: v1}]}", "spec.subsets[2].name: subset \"v1\" is defined twice (first at spec.subsets[0])" },
        { "{host: reviews, subsets: [{name: v1, labels: {version: \"v 1\"}}]}", "spec.subsets[0].labels[version]: invalid label value \"v 1\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
        { "{host: reviews, exportTo: [\"..\"]}", "spec.exportTo[0]: invalid exportTo \"..\": expected \".\", \"*\", \"~\" or a namespace name" },
        { Policy + "{loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}}}", "spec.trafficPolicy.loadBalancer: set simple or consistentHash, not both" },
        { Policy + "{loadBalancer: {consistentHash: {ringHash: {minimumRingSize: 1024}}}}}", "spec.trafficPolicy.loadBalancer.consistentHash: set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName" },
        { Policy + "{loadBalancer: {consistentHash: {httpHeaderName: x-user, useSourceIp: true}}}}", "spec.trafficPolicy.loadBalancer.consistentHash: set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName" },
        { Policy + "{loadBalancer: {consistentHash: {httpCookie: {ttl: 10s}}}}}", "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name: cookie name is required" },
        { Policy + "{connectionPool: {tcp: {maxConnections: 0}}}}", "spec.trafficPolicy.connectionPool.tcp.maxConnections: must be at least 1, got 0" },
        { Policy + "{connectionPool: {tcp: {connectTimeout: 0s}}}}", "spec.trafficPolicy.connectionPool.tcp.connectTimeout: duration must be at least 1ms, got \"0s\"" },
        { Policy + "{connectionPool: {http: {http1MaxPendingRequests: 0}}}}", "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: must be at least 1, got 0" },
        { Policy + "{connectionPool: {http: {http2MaxRequests: -5}}}}", "spec.trafficPolicy.connectionPool.http.http2MaxRequests: must be at least 1, got -5" },
        { Policy + "{connectionPool: {http: {maxRequestsPerConnection: -1}}}}", "spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection: must not be negative, got -1" },
        { Policy + "{connectionPool: {http: {maxRetries: -1}}}}", "spec.trafficPolicy.connectionPool.http.maxRetries: must not be negative, got -1" },
        { Policy + "{outlierDetection: {consecutive5xxErrors: -1}}}", "spec.trafficPolicy.outlierDetection.consecutive5xxErrors: must not be negative, got -1" },
        { Policy + "{outlierDetection: {interval: 0s}}}", "spec.trafficPolicy.outlierDetection.interval: duration must be at least 1ms, got \"0s\"" },
        { Policy + "{outlierDetection: {baseEjectionTime: 0.1ms}}}", "spec.trafficPolicy.outlierDetection.baseEjectionTime: duration must be at least 1ms, got \"0.1ms\"" },
        { Policy + "{outlierDetection: {maxEjectionPercent: 150}}}", "spec.trafficPolicy.outlierDetection.maxEjectionPercent: percentage must be between 0 and 100, got 150" },
        { Policy + "{outlierDetection: {minHealthPercent: -1}}}", "spec.trafficPolicy.outlierDetection.minHealthPercent: percentage must be between 0 and 100, got -1" },
        { Policy + "{tls: {mode: MUTUAL}}}", "spec.trafficPolicy.tls: mode MUTUAL needs clientCertificate and privateKey, or credentialName" },
        { Policy + "{tls: {mode: ISTIO_MUTUAL, clientCertificate: /c.pem}}}", "spec.trafficPolicy.tls: mode ISTIO_MUTUAL uses the mesh certificates; remove clientCertificate, privateKey, caCertificates and credentialName" },
        { Policy + "{portLevelSettings: [{loadBalancer: {simple: RANDOM}}]}}", "spec.trafficPolicy.portLevelSettings[0].port.number: port number is required" },
        { Policy + "{portLevelSettings: [{port: {number: 70000}}]}}", "spec.trafficPolicy.portLevelSettings[0].port.number: port must be between 1 and 65535, got 70000" },
        { Policy + "{portLevelSettings: [{port: {number: 9080}}, {port: {number: 9080}}]}}", "spec.trafficPolicy.portLevelSettings[1].port.number: port 9080 is defined twice (first at spec.trafficPolicy.portLevelSettings[0])" },
        { Policy + "{tunnel: {protocol: GET, targetHost: proxy, targetPort: 3128}}}", "spec.trafficPolicy.tunnel.protocol: unsupported tunnel protocol \"GET\"; expected CONNECT or POST" },
        { Policy + "{tunnel: {targetPort: 3128}}}", "spec.trafficPolicy.tunnel.targetHost: target host is required" },
        { Policy + "{retryBudget: {percent: 150}}}", "spec.trafficPolicy.retryBudget.percent: percentage must be between 0 and 100, got 150" },
        { Policy + "{retryBudget: {minRetryConcurrency: -1}}}", "spec.trafficPolicy.retryBudget.minRetryConcurrency: must not be negative, got -1" },
        { Policy + "{retryBudget: {budgetInterval: 500us}}}", "spec.trafficPolicy.retryBudget.budgetInterval: duration must be at least 1ms, got \"500us\"" },
        { "{host: reviews, subsets: [{name: v1, trafficPolicy: {connectionPool: {tcp: {maxConnections: 0}}}}]}", "spec.subsets[0].trafficPolicy.connectionPool.tcp.maxConnections: must be at least 1, got 0" },
        { Policy + "{loadBalancer: {consistentHash: {useSourceIp: true, ringHash: {minimumRingSize: 1}, maglev: {tableSize: 7}}}}}", "spec.trafficPolicy.loadBalancer.consistentHash: set ringHash or maglev, not both" },
        { Policy + "{loadBalancer: {consistentHash: {httpHeaderName: \"x user\"}}}}", "spec.trafficPolicy.loadBalancer.consistentHash.httpHeaderName: invalid header name \"x user\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { Policy + "{loadBalancer: {simple: LEAST_REQUEST, warmup: {duration: 0s}}}}", "spec.trafficPolicy.loadBalancer.warmup.duration: duration must be at least 1ms, got \"0s\"" },
        { Policy + "{outlierDetection: {outlierDetectionHttpErrorCodes: [503, 700]}}}", "spec.trafficPolicy.outlierDetection.outlierDetectionHttpErrorCodes[1]: must be between 100 and 599, got 700" },
        { Policy + "{outlierDetection: {consecutiveGatewayErrors: -2}}}", "spec.trafficPolicy.outlierDetection.consecutiveGatewayErrors: must not be negative, got -2" },
        { Policy + "{connectionPool: {http: {idleTimeout: 0s}}}}", "spec.trafficPolicy.connectionPool.http.idleTimeout: duration must be at least 1ms, got \"0s\"" },
        { Policy + "{tunnel: {targetHost: proxy}}}", "spec.trafficPolicy.tunnel.targetPort: port number is required" },
        { Policy + "{portLevelSettings: [{port: {number: 80}, tls: {mode: MUTUAL}}]}}", "spec.trafficPolicy.portLevelSettings[0].tls: mode MUTUAL needs clientCertificate and privateKey, or credentialName" },
        { "{host: reviews, workloadSelector: {matchLabels: {\"a b\": c}}}", "spec.workloadSelector.matchLabels[a b]: invalid key \"a b\": expected an optional prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_InvalidDestinationRule_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["DestinationRule default/x: " + expected], ValidationHarness.Errors("DestinationRule", spec));
    }

    [Theory]
    [InlineData("{host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2}]}")]
    [InlineData("{host: reviews, trafficPolicy: {retryBudget: {percent: 20, budgetInterval: 0s}}}")]
    [InlineData("{host: reviews, trafficPolicy: {retryBudget: {percent: 20, minRetryConcurrency: 0, budgetInterval: 10s}}}")]
    [InlineData("{host: \"*.example.com\", trafficPolicy: {loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}, tls: {mode: SIMPLE}}}")]
    [InlineData("{host: reviews.default.svc.cluster.local, trafficPolicy: {connectionPool: {tcp: {maxConnections: 100, connectTimeout: 30ms}, http: {http1MaxPendingRequests: 1, maxRequestsPerConnection: 0, maxRetries: 0}}, outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 100}, portLevelSettings: [{port: {number: 80}}, {port: {number: 443}, tls: {mode: MUTUAL, credentialName: client}}], tunnel: {protocol: POST, targetHost: proxy, targetPort: 3128}}}")]
    public void Validate_ValidDestinationRule_HasNoErrors(string spec)
    {
        Assert.Empty(ValidationHarness.Errors("DestinationRule", spec));
    }
}
