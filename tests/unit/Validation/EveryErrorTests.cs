using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.UnitTests.Validation;

/// <summary>
/// Issue 12: every error of a file in one run. Each file under <c>every-error/</c> mixes parse-level errors (bad
/// types, durations, enums, unknown fields) with semantic ones in the same resource; all come out together, each
/// with its exact path, and none that merely follows from another.
/// </summary>
public sealed class EveryErrorTests(ITestOutputHelper output)
{
    /// <summary>Each file mixes parse errors (a quoted number, a bad enum or duration, a misspelt field) with semantic ones.</summary>
    [Theory]
    [InlineData("sidecar.yaml")]
    [InlineData("requestauthentication.yaml")]
    [InlineData("workloadentry.yaml")]
    [InlineData("workloadgroup.yaml")]
    [InlineData("proxyconfig.yaml")]
    [InlineData("routerule.yaml")]
    [InlineData("destinationpolicy.yaml")]
    [InlineData("egressrule.yaml")]
    [InlineData("component.yaml")]
    [InlineData("subscription.yaml")]
    public void Check_KindAddedByIssue12_EveryErrorAsInItsErrorsFile(string name)
    {
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Validation", "every-error", Path.ChangeExtension(name, ".errors")));
        var actual = CheckFile(name);
        foreach (var line in actual)
        {
            output.WriteLine(line);
        }

        AssertErrors(expected, actual);
    }

    private static string[] Check(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml, "test.yaml");
        return [.. ConfigValidator.Check(parsed).Select(e => e.ToString())];
    }

    /// <summary>Compares line by line as one text, so a failure shows the first line that differs in full.</summary>
    private static void AssertErrors(string[] expected, IEnumerable<string> actual) =>
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));

    private static string[] CheckFile(string name) =>
        Check(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Validation", "every-error", name)));

    [Fact]
    public void Check_IssueExample_TimeoutUnknownFieldAndNegativeWeightTogether()
    {
        var errors = Check("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - timeout: 3x
                retriess: {attempts: 3}
                route:
                - destination: {host: reviews, subset: v1}
                  weight: 50
                - destination: {host: reviews, subset: v2}
                  weight: -40
            """);

        AssertErrors(
            [
                "VirtualService default/reviews: spec.http[0].retriess: unknown field \"retriess\" (did you mean \"retries\"?)",
                "VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40",
                "VirtualService default/reviews: spec.http[0].timeout: invalid duration \"3x\": unknown unit \"x\" (use ns, us, ms, s, m or h)",
            ],
            errors);
    }

    [Fact]
    public void Check_VirtualService_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "VirtualService default/reviews: spec.hosts[1]: expected a string, got the number 42 (quote it to use it as a string: \"42\")",
                "VirtualService default/reviews: spec.hosts[2]: invalid host \"Bad Host\": expected a DNS name (labels of letters, digits and '-', separated by '.'), optionally starting with \"*.\"",
                "VirtualService default/reviews: spec.http[0].retriess: unknown field \"retriess\" (did you mean \"retries\"?)",
                "VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40",
                "VirtualService default/reviews: spec.http[0].timeout: invalid duration \"3x\": unknown unit \"x\" (use ns, us, ms, s, m or h)",
                "VirtualService default/reviews: spec.http[1].route[0].destination.host: expected a string, got the number 42 (quote it to use it as a string: \"42\")",
                "VirtualService default/reviews: spec.http[1].route[1].destination.subset: invalid subset name \"V3\": expected a DNS-1123 label",
                "VirtualService default/reviews: spec.http[1].route[1].weight: expected an integer, got the string \"10\" (remove the quotes)",
                "VirtualService default/reviews: spec.http[2].fault.delay.percentage.value: expected a number, got the string \"100\" (remove the quotes)",
                "VirtualService default/reviews: spec.http[2].match[0].headers[end-user]: set exactly one of exact, prefix or regex, got exact and regex",
                "VirtualService default/reviews: spec.http[2].match[0].headers[end-user].regex: invalid regex \"(a)\\1\": backreferences are not supported (RE2 syntax only)",
                "VirtualService default/reviews: spec.http[2].match[0].uri.prefix: expected a string, got the number 7 (quote it to use it as a string: \"7\")",
                "VirtualService default/reviews: spec.http[2].redirect.redirectCode: redirect code must be one of 301, 302, 303, 307, 308, got 305",
                "VirtualService default/reviews: spec.http[2].rewrite: rewrite cannot be combined with redirect",
            ],
            CheckFile("virtualservice.yaml"));
    }

    [Fact]
    public void Check_DestinationRule_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "DestinationRule default/reviews: spec.subsets[1].name: subset name is required",
                "DestinationRule default/reviews: spec.subsets[2].labels[version]: expected a string, got the number 3 (quote it to use it as a string: \"3\")",
                "DestinationRule default/reviews: spec.subsets[2].name: subset \"v1\" is defined twice (first at spec.subsets[0])",
                "DestinationRule default/reviews: spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: expected an integer, got the string \"many\"",
                "DestinationRule default/reviews: spec.trafficPolicy.connectionPool.tcp.maxConnections: must be at least 1, got 0",
                "DestinationRule default/reviews: spec.trafficPolicy.loadBalancer.simple: invalid value \"ROUND_ROBINN\": expected one of UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST (did you mean \"ROUND_ROBIN\"?)",
                "DestinationRule default/reviews: spec.trafficPolicy.outlierDetection.baseEjectionTime: duration must be at least 1ms, got \"0s\"",
                "DestinationRule default/reviews: spec.trafficPolicy.outlierDetection.interval: invalid duration \"10q\": unknown unit \"q\" (use ns, us, ms, s, m or h)",
                "DestinationRule default/reviews: spec.trafficPolicy.outlierDetection.maxEjectionPercent: percentage must be between 0 and 100, got 150",
            ],
            CheckFile("destinationrule.yaml"));
    }

    [Fact]
    public void Check_Gateway_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "Gateway default/bookinfo-gateway: spec.servers[0].port.protocol: unsupported protocol \"HTTPP\"; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS",
                "Gateway default/bookinfo-gateway: spec.servers[1].hosts: at least one host is required",
                "Gateway default/bookinfo-gateway: spec.servers[1].port.number: port must be between 1 and 65535, got 70000",
                "Gateway default/bookinfo-gateway: spec.servers[1].tls.mode: invalid value \"SIMPLEST\": expected one of PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL (did you mean \"SIMPLE\"?)",
                "Gateway default/bookinfo-gateway: spec.servers[2].hosts[0]: invalid host \"bad/host/x\": expected \"host\" or \"namespace/host\"",
                "Gateway default/bookinfo-gateway: spec.servers[2].port.number: expected an integer, got the string \"443\" (remove the quotes)",
                "Gateway default/bookinfo-gateway: spec.servers[2].tls: HTTPS servers need tls settings",
            ],
            CheckFile("gateway.yaml"));
    }

    [Fact]
    public void Check_ServiceEntry_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "ServiceEntry default/external: spec.endpoints[0].ports[http]: expected an integer, got the string \"eighty\"",
                "ServiceEntry default/external: spec.hosts[0]: host \"*\" is not allowed here; name the hosts or use a \"*.\" wildcard",
                "ServiceEntry default/external: spec.ports[0].name: port name is required",
                "ServiceEntry default/external: spec.ports[1].number: expected an integer, got the string \"80x\"",
                "ServiceEntry default/external: spec.resolution: invalid value \"STATICC\": expected one of NONE, STATIC, DNS, DNS_ROUND_ROBIN, DYNAMIC_DNS (did you mean \"STATIC\"?)",
            ],
            CheckFile("serviceentry.yaml"));
    }

    [Fact]
    public void Check_PeerAuthentication_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "PeerAuthentication istio-system/default: spec.mtls.mode: invalid value \"STRICTT\": expected one of UNSET, DISABLE, PERMISSIVE, STRICT (did you mean \"STRICT\"?)",
                "PeerAuthentication istio-system/default: spec.portLevelMtls: requires spec.selector",
                "PeerAuthentication istio-system/default: spec.portLevelMtls[abc]: invalid key \"abc\": expected an integer",
            ],
            CheckFile("peerauthentication.yaml"));
    }

    [Fact]
    public void Check_AuthorizationPolicy_EveryErrorWithItsPath()
    {
        AssertErrors(
            [
                "AuthorizationPolicy default/ratings: spec.action: invalid value \"ALLOWW\": expected one of ALLOW, DENY, AUDIT, CUSTOM (did you mean \"ALLOW\"?)",
                "AuthorizationPolicy default/ratings: spec.rules[0].from[0].source.ipBlocks[0]: invalid address \"10.0.0.0/33\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)",
                "AuthorizationPolicy default/ratings: spec.rules[0].from[0].source.principals[0]: invalid value \"a*b*c\": '*' is allowed once, as a prefix or a suffix",
                "AuthorizationPolicy default/ratings: spec.rules[0].to[0].operation.ports[0]: expected a string, got the number 8080 (quote it to use it as a string: \"8080\")",
                "AuthorizationPolicy default/ratings: spec.rules[0].when[0].values[0]: invalid address \"not-an-ip\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)",
                "AuthorizationPolicy default/ratings: spec.rules[1].from[0].source: source must set at least one field",
                "AuthorizationPolicy default/ratings: spec.rules[1].to[0].operation.paths[0]: invalid path \"relative\": expected a path starting with '/' or '*'",
            ],
            CheckFile("authorizationpolicy.yaml"));
    }

    [Fact]
    public void Check_BadWeightType_SkipsTheSumCheckThatWouldFollowFromIt()
    {
        var errors = Check("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                - destination: {host: reviews, subset: v2}
                  weight: "1"
            """);

        Assert.Equal(["VirtualService default/reviews: spec.http[0].route[1].weight: expected an integer, got the string \"1\" (remove the quotes)"], errors);
    }

    [Fact]
    public void Check_OneOfWithABadField_ReportsTheFieldNotTheOneOf()
    {
        var errors = Check("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: not-a-list
            """);

        Assert.Equal(["VirtualService default/reviews: spec.http[0].route: expected a list, got the string \"not-a-list\""], errors);
    }

    [Fact]
    public void Check_SeveralDocuments_ErrorsGroupedPerDocumentInFileOrder()
    {
        var errors = Check("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: b}
            spec: {host: reviews, subsets: [{name: V1}], trafficPolicy: {tls: {mode: SIMPLEE}}}
            ---
            kind: VirtualService
            spec: {}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: a}
            spec: {hosts: [], http: [{timeout: soon}]}
            """);

        AssertErrors(
            [
                "DestinationRule default/b: spec.subsets[0].name: invalid subset name \"V1\": expected a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters)",
                "DestinationRule default/b: spec.trafficPolicy.tls.mode: invalid value \"SIMPLEE\": expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (did you mean \"SIMPLE\"?)",
                "test.yaml document 2: apiVersion: required field is missing (expected networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3)",
                "test.yaml document 2: metadata: required field is missing",
                "VirtualService default/a: spec.hosts: at least one host is required",
                "VirtualService default/a: spec.http[0]: set exactly one of route, redirect, directResponse or delegate",
                "VirtualService default/a: spec.http[0].timeout: invalid duration \"soon\": expected a number followed by a unit (e.g. 1.5s, 100ms, 2m)",
            ],
            errors);
    }

    [Fact]
    public void Parse_PartialResource_IsNeverAmongTheResources()
    {
        var parsed = ConfigParser.Parse("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec: {hosts: [reviews, 7], http: [{timeout: 3x, route: [{destination: {host: reviews}}]}]}
            """);

        Assert.Empty(parsed.Resources);
        var item = Assert.Single(parsed.Items);
        var partial = Assert.IsType<VirtualService>(item.Resource);
        Assert.Equal(["reviews", ""], partial.Spec.Hosts);
        Assert.Null(partial.Spec.Http[0].Timeout);
        Assert.Equal(["spec.hosts[1]", "spec.http[0].timeout"], item.UnboundPaths);
    }

    [Fact]
    public void Parse_KubernetesKindsInTheFile_AreSkippedNotErrors()
    {
        var parsed = ConfigParser.Parse("""
            apiVersion: v1
            kind: Service
            metadata: {name: reviews, labels: {app: reviews}}
            spec: {ports: [{port: 9080, name: http}], selector: {app: reviews}}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: bookinfo-reviews}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: reviews-v1, namespace: shop}
            spec: {replicas: 1}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}
            """, "bookinfo.yaml");

        Assert.Empty(parsed.Errors);
        Assert.Empty(ConfigValidator.Check(parsed));
        Assert.Equal("VirtualService", Assert.Single(parsed.Resources).Kind);
        AssertErrors(
            [
                "bookinfo.yaml document 1: Service reviews (v1) skipped: not mesh config",
                "bookinfo.yaml document 2: ServiceAccount bookinfo-reviews (v1) skipped: not mesh config",
                "bookinfo.yaml document 3: Deployment shop/reviews-v1 (apps/v1) skipped: not mesh config",
            ],
            parsed.Skipped.Select(s => s.ToString()));
    }

    [Fact]
    public void Parse_MeshKindUnderAKubernetesApiVersion_IsStillAnError()
    {
        var parsed = ConfigParser.Parse("apiVersion: v1\nkind: VirtualService\nmetadata: {name: r}\nspec: {hosts: [r]}\n");

        Assert.Empty(parsed.Skipped);
        AssertErrors(
            ["VirtualService default/r: apiVersion: unsupported apiVersion \"v1\" for VirtualService: expected one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3"],
            parsed.Errors.Select(e => e.ToString()));
    }
}
