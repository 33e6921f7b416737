using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class VirtualServiceValidationTests
{
    private const string Route = "route: [{destination: {host: reviews}}]";

    public static TheoryData<string, string> Cases() => new()
    {
        { "{http: [{" + Route + "}]}", "spec.hosts: at least one host is required" },
        { "{hosts: [\"reviews:9080\"], http: [{" + Route + "}]}", "spec.hosts[0]: invalid host \"reviews:9080\": must not include a port" },
        { "{hosts: [\"http://reviews\"], http: [{" + Route + "}]}", "spec.hosts[0]: invalid host \"http://reviews\": must not include a scheme" },
        { "{hosts: [\"foo.*.com\"], http: [{" + Route + "}]}", "spec.hosts[0]: invalid host \"foo.*.com\": '*' is only allowed alone or as the first label (\"*.example.com\")" },
        { "{hosts: [re_views], http: [{" + Route + "}]}", "spec.hosts[0]: invalid host \"re_views\": expected a DNS name (labels of letters, digits and '-', separated by '.'), optionally starting with \"*.\"" },
        { "{hosts: [\"*\"], http: [{" + Route + "}]}", "spec.hosts[0]: wildcard host \"*\" is not allowed for a virtual service bound to the mesh gateway" },
        { "{hosts: [reviews], gateways: [a/b/c], http: [{" + Route + "}]}", "spec.gateways[0]: invalid gateway reference \"a/b/c\": expected \"mesh\", \"name\" or \"namespace/name\"" },
        { "{hosts: [reviews], http: [{match: [{gateways: [Bad_Gw]}], " + Route + "}]}", "spec.http[0].match[0].gateways[0]: invalid gateway reference \"Bad_Gw\": expected \"mesh\", \"name\" or \"namespace/name\"" },
        { "{hosts: [reviews], exportTo: [Other]}", "spec.exportTo[0]: invalid exportTo \"Other\": expected \".\", \"*\", \"~\" or a namespace name" },
        { "{hosts: [reviews], http: [{name: r}]}", "spec.http[0]: set exactly one of route, redirect, directResponse or delegate" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2}, " + Route + "}]}", "spec.http[0]: set exactly one of route, redirect, directResponse or delegate, got route and redirect" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2}, directResponse: {status: 200}}]}", "spec.http[0]: set exactly one of route, redirect, directResponse or delegate, got redirect and directResponse" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2}, rewrite: {uri: /v3}}]}", "spec.http[0].rewrite: rewrite cannot be combined with redirect" },
        { "{hosts: [reviews], http: [{name: a, " + Route + "}, {name: a, " + Route + "}]}", "spec.http[1].name: route name \"a\" is defined twice (first at spec.http[0])" },
        { "{hosts: [reviews], http: [{route: [{destination: {subset: v1}}]}]}", "spec.http[0].route[0].destination.host: destination host is required" },
        { "{hosts: [reviews], http: [{route: [{weight: 100}]}]}", "spec.http[0].route[0].destination: destination is required" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: V1}}]}]}", "spec.http[0].route[0].destination.subset: invalid subset name \"V1\": expected a DNS-1123 label" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews, port: {number: 0}}}]}]}", "spec.http[0].route[0].destination.port.number: port must be between 1 and 65535, got 0" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}, {destination: {host: reviews, subset: v2}, weight: 0}]}]}", "spec.http[0].route: the sum of the destination weights must be > 0 (weights are relative: a destination gets weight/sum of the traffic)" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews}, weight: -1}]}]}", "spec.http[0].route[0].weight: weight must be >= 0, got -1" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}, weight: 2147483647}, {destination: {host: reviews, subset: v2}, weight: 1}]}]}", "spec.http[0].route: the sum of the destination weights must be at most 2147483647, got 2147483648" },
        { "{hosts: [reviews], http: [{match: [{uri: {}}], " + Route + "}]}", "spec.http[0].match[0].uri: set exactly one of exact, prefix or regex" },
        { "{hosts: [reviews], http: [{match: [{uri: {exact: /a, prefix: /b}}], " + Route + "}]}", "spec.http[0].match[0].uri: set exactly one of exact, prefix or regex, got exact and prefix" },
        { "{hosts: [reviews], http: [{match: [{uri: {prefix: api}}], " + Route + "}]}", "spec.http[0].match[0].uri.prefix: uri prefix must start with '/', got \"api\"" },
        { "{hosts: [reviews], http: [{match: [{uri: {exact: api}}], " + Route + "}]}", "spec.http[0].match[0].uri.exact: uri must start with '/', got \"api\"" },
        { "{hosts: [reviews], http: [{match: [{headers: {x-v: {regex: \"(a)\\\\1\"}}}], " + Route + "}]}", "spec.http[0].match[0].headers[x-v].regex: invalid regex \"(a)\\1\": backreferences are not supported (RE2 syntax only)" },
        { "{hosts: [reviews], http: [{match: [{headers: {\"end user\": {exact: jason}}}], " + Route + "}]}", "spec.http[0].match[0].headers[end user]: invalid header name \"end user\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "{hosts: [reviews], http: [{match: [{headers: {\":status\": {exact: \"200\"}}}], " + Route + "}]}", "spec.http[0].match[0].headers[:status]: unsupported pseudo-header \":status\"; only :authority, :method, :path and :scheme can be matched" },
        { "{hosts: [reviews], http: [{match: [{queryParams: {v: {exact: a, regex: b}}}], " + Route + "}]}", "spec.http[0].match[0].queryParams[v]: set exactly one of exact, prefix or regex, got exact and regex" },
        { "{hosts: [reviews], http: [{match: [{port: 70000}], " + Route + "}]}", "spec.http[0].match[0].port: port must be between 1 and 65535, got 70000" },
        { "{hosts: [reviews], http: [{match: [{sourceLabels: {app: \"-bad\"}}], " + Route + "}]}", "spec.http[0].match[0].sourceLabels[app]: invalid label value \"-bad\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2, redirectCode: 305}}]}", "spec.http[0].redirect.redirectCode: redirect code must be one of 301, 302, 303, 307, 308, got 305" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2, port: 0}}]}", "spec.http[0].redirect.port: port must be between 1 and 65535, got 0" },
        { "{hosts: [reviews], http: [{redirect: {port: 8080, derivePort: FROM_REQUEST_PORT}}]}", "spec.http[0].redirect: set port or derivePort, not both" },
        { "{hosts: [reviews], http: [{directResponse: {status: 100}}]}", "spec.http[0].directResponse.status: status must be an HTTP status between 200 and 599, got 100" },
        { "{hosts: [reviews], http: [{directResponse: {body: {string: hi}}}]}", "spec.http[0].directResponse.status: status is required" },
        { "{hosts: [reviews], http: [{directResponse: {status: 200, body: {bytes: \"!!\"}}}]}", "spec.http[0].directResponse.body.bytes: bytes must be base64-encoded" },
        { "{hosts: [reviews], http: [{timeout: 0.5ms, " + Route + "}]}", "spec.http[0].timeout: duration must be at least 1ms, got \"0.5ms\"" },
        { "{hosts: [reviews], http: [{retries: {attempts: 3, perTryTimeout: 0s}, " + Route + "}]}", "spec.http[0].retries.perTryTimeout: duration must be at least 1ms, got \"0s\"" },
        { "{hosts: [reviews], http: [{retries: {attempts: -1}, " + Route + "}]}", "spec.http[0].retries.attempts: must not be negative, got -1" },
        { "{hosts: [reviews], http: [{retries: {attempts: 2, retryOn: \"5xx,600\"}, " + Route + "}]}", "spec.http[0].retries.retryOn: unknown retry condition \"600\"; expected a status code 100-599 or one of 5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, retriable-headers, unavailable, cancelled, deadline-exceeded, internal, resource-exhausted, envoy-ratelimited, reset-before-request, http3-post-connect-failure" },
        { "{hosts: [reviews], http: [{fault: {delay: {fixedDelay: 7s}}, " + Route + "}]}", "spec.http[0].fault.delay: fixedDelay requires a percentage" },
        { "{hosts: [reviews], http: [{fault: {delay: {percentage: {value: 10}}}, " + Route + "}]}", "spec.http[0].fault.delay: set fixedDelay or exponentialDelay" },
        { "{hosts: [reviews], http: [{fault: {delay: {fixedDelay: 1s, percentage: {value: 150}}}, " + Route + "}]}", "spec.http[0].fault.delay.percentage.value: percentage must be between 0 and 100, got 150" },
        { "{hosts: [reviews], http: [{fault: {abort: {percentage: {value: 10}}}, " + Route + "}]}", "spec.http[0].fault.abort: set exactly one of httpStatus, grpcStatus or http2Error" },
        { "{hosts: [reviews], http: [{fault: {abort: {httpStatus: 600, percentage: {value: 10}}}, " + Route + "}]}", "spec.http[0].fault.abort.httpStatus: status must be an HTTP status between 100 and 599, got 600" },
        { "{hosts: [reviews], http: [{fault: {abort: {grpcStatus: BROKEN, percentage: {value: 10}}}, " + Route + "}]}", "spec.http[0].fault.abort.grpcStatus: unknown gRPC status \"BROKEN\"; expected a code name such as UNAVAILABLE" },
        { "{hosts: [reviews], http: [{fault: {abort: {httpStatus: 500}}, " + Route + "}]}", "spec.http[0].fault.abort: abort requires a percentage" },
        { "{hosts: [reviews], http: [{mirror: {subset: v1}, " + Route + "}]}", "spec.http[0].mirror.host: destination host is required" },
        { "{hosts: [reviews], http: [{mirror: {host: shadow}, mirrorPercentage: {value: 101}, " + Route + "}]}", "spec.http[0].mirrorPercentage.value: percentage must be between 0 and 100, got 101" },
        { "{hosts: [reviews], http: [{mirrors: [{destination: {host: shadow}, percentage: {value: -1}}], " + Route + "}]}", "spec.http[0].mirrors[0].percentage.value: percentage must be between 0 and 100, got -1" },
        { "{hosts: [reviews], http: [{mirror: {host: a}, mirrors: [{destination: {host: b}}], " + Route + "}]}", "spec.http[0]: set mirror or mirrors, not both" },
        { "{hosts: [reviews], http: [{corsPolicy: {maxAge: 1500ms}, " + Route + "}]}", "spec.http[0].corsPolicy.maxAge: duration must be a whole number of seconds, got \"1500ms\"" },
        { "{hosts: [reviews], http: [{corsPolicy: {allowOrigins: [{regex: \"(?=x)\"}]}, " + Route + "}]}", "spec.http[0].corsPolicy.allowOrigins[0].regex: invalid regex \"(?=x)\": lookahead is not supported (RE2 syntax only)" },
        { "{hosts: [reviews], http: [{rewrite: {uriRegexRewrite: {match: \"(?<=a)b\", rewrite: c}}, " + Route + "}]}", "spec.http[0].rewrite.uriRegexRewrite.match: invalid regex \"(?<=a)b\": lookbehind is not supported (RE2 syntax only)" },
        { "{hosts: [reviews], http: [{headers: {request: {set: {\"bad header\": v}}}, " + Route + "}]}", "spec.http[0].headers.request.set[bad header]: invalid header name \"bad header\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "{hosts: [reviews], tls: [{route: [{destination: {host: reviews}}]}]}", "spec.tls[0].match: at least one match with sniHosts is required" },
        { "{hosts: [reviews], tls: [{match: [{port: 443}], route: [{destination: {host: reviews}}]}]}", "spec.tls[0].match[0].sniHosts: at least one host is required" },
        { "{hosts: [reviews], tcp: [{match: [{port: 27017}]}]}", "spec.tcp[0].route: at least one route destination is required" },
        { "{hosts: [reviews], tcp: [{route: [{destination: {host: a}, weight: 0}, {destination: {host: b}, weight: 0}]}]}", "spec.tcp[0].route: the sum of the destination weights must be > 0 (weights are relative: a destination gets weight/sum of the traffic)" },
        { "{hosts: [reviews], tcp: [{match: [{port: 0}], route: [{destination: {host: a}}]}]}", "spec.tcp[0].match[0].port: port must be between 1 and 65535, got 0" },
        { "{hosts: [reviews], tcp: [{match: [{destinationSubnets: [10.0.0.0/33]}], route: [{destination: {host: a}}]}]}", "spec.tcp[0].match[0].destinationSubnets[0]: invalid address \"10.0.0.0/33\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{hosts: [reviews], http: [{delegate: {namespace: team}}]}", "spec.http[0].delegate.name: delegate name is required" },
        { "{hosts: [reviews], http: [{redirect: {uri: v2}}]}", "spec.http[0].redirect.uri: redirect uri must start with '/', got \"v2\"" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2, prefixRewrite: /v3}}]}", "spec.http[0].redirect: set uri or prefixRewrite, not both" },
        { "{hosts: [reviews], http: [{redirect: {uri: /v2, scheme: ftp}}]}", "spec.http[0].redirect.scheme: redirect scheme must be \"http\" or \"https\", got \"ftp\"" },
        { "{hosts: [reviews], http: [{directResponse: {status: 200, body: {string: a, bytes: YQ==}}}]}", "spec.http[0].directResponse.body: set string or bytes, not both" },
        { "{hosts: [reviews], http: [{fault: {delay: {fixedDelay: 1s, exponentialDelay: 1s, percentage: {value: 1}}}, " + Route + "}]}", "spec.http[0].fault.delay: set fixedDelay or exponentialDelay, not both" },
        { "{hosts: [reviews], http: [{fault: {delay: {exponentialDelay: 1s}}, " + Route + "}]}", "spec.http[0].fault.delay: exponentialDelay requires a percentage" },
        { "{hosts: [reviews], http: [{fault: {delay: {fixedDelay: 1s, percent: 120}}, " + Route + "}]}", "spec.http[0].fault.delay.percent: percentage must be between 0 and 100, got 120" },
        { "{hosts: [reviews], http: [{fault: {}, " + Route + "}]}", "spec.http[0].fault: set delay, abort or both" },
        { "{hosts: [reviews], http: [{mirror: {host: shadow}, mirrorPercent: 200, " + Route + "}]}", "spec.http[0].mirrorPercent: percentage must be between 0 and 100, got 200" },
        { "{hosts: [reviews], http: [{mirrors: [{percentage: {value: 5}}], " + Route + "}]}", "spec.http[0].mirrors[0].destination: destination is required" },
        { "{hosts: [reviews], http: [{corsPolicy: {allowMethods: [\"GET POST\"]}, " + Route + "}]}", "spec.http[0].corsPolicy.allowMethods[0]: invalid method \"GET POST\": expected an HTTP method such as GET" },
        { "{hosts: [reviews], http: [{corsPolicy: {allowHeaders: [\"x y\"]}, " + Route + "}]}", "spec.http[0].corsPolicy.allowHeaders[0]: invalid header name \"x y\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "{hosts: [reviews], http: [{corsPolicy: {allowOrigins: [{}]}, " + Route + "}]}", "spec.http[0].corsPolicy.allowOrigins[0]: set exactly one of exact, prefix or regex" },
        { "{hosts: [reviews], http: [{rewrite: {uri: /a, uriRegexRewrite: {match: a, rewrite: b}}, " + Route + "}]}", "spec.http[0].rewrite: set uri or uriRegexRewrite, not both" },
        { "{hosts: [reviews], http: [{route: [{destination: {host: reviews}, headers: {response: {remove: [\"a b\"]}}}]}]}", "spec.http[0].route[0].headers.response.remove[0]: invalid header name \"a b\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "{hosts: [reviews], http: [{match: [{withoutHeaders: {\"a b\": {}}}], " + Route + "}]}", "spec.http[0].match[0].withoutHeaders[a b]: invalid header name \"a b\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "{hosts: [reviews], http: [{match: [{sourceNamespace: Prod}], " + Route + "}]}", "spec.http[0].match[0].sourceNamespace: invalid namespace \"Prod\": expected a DNS-1123 label" },
        { "{hosts: [reviews], http: [{match: [{method: {regex: \"GET|(?>P)\"}}], " + Route + "}]}", "spec.http[0].match[0].method.regex: invalid regex \"GET|(?>P)\": atomic groups are not supported (RE2 syntax only)" },
        { "{hosts: [reviews], tcp: [{match: [{sourceSubnet: 10.0.0.0/40}], route: [{destination: {host: a}}]}]}", "spec.tcp[0].match[0].sourceSubnet: invalid address \"10.0.0.0/40\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{hosts: [reviews], tls: [{match: [{sniHosts: [\"a:443\"]}], route: [{destination: {host: a}}]}]}", "spec.tls[0].match[0].sniHosts[0]: invalid host \"a:443\": must not include a port" },
        { "{hosts: [reviews], tls: [{match: [{sniHosts: [a]}], route: [{destination: {host: a}, weight: -101}]}]}", "spec.tls[0].route[0].weight: weight must be >= 0, got -101" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_InvalidVirtualService_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["VirtualService default/x: " + expected], ValidationHarness.Errors("VirtualService", spec));
    }

    [Theory]
    [InlineData("{hosts: [reviews], " + Route0 + "}")]
    [InlineData("{hosts: [\"*\"], gateways: [bookinfo-gateway], " + Route0 + "}")]
    [InlineData("{hosts: [\"*.example.com\", reviews.default.svc.cluster.local, 10.0.0.1], gateways: [mesh, istio-system/gw], " + Route0 + "}")]
    [InlineData("{hosts: [reviews], http: [{match: [{headers: {end-user: {}}, uri: {regex: \"/api/v[0-9]+\"}}], route: [{destination: {host: reviews, subset: v1}, weight: 75}, {destination: {host: reviews, subset: v2}, weight: 25}]}]}")]
    [InlineData("{hosts: [reviews], http: [{fault: {abort: {httpStatus: 500, percentage: {value: 100}}}, retries: {attempts: 3, retryOn: \"5xx,503,connect-failure\"}, " + Route + "}]}")]
    [InlineData("{hosts: [reviews], http: [{redirect: {uri: /v2, redirectCode: 308, derivePort: FROM_PROTOCOL_DEFAULT}}]}")]
    [InlineData("{hosts: [reviews], http: [{delegate: {name: reviews-routes, namespace: team}}]}")]
    [InlineData("{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}, weight: 2}, {destination: {host: reviews, subset: v2}, weight: 1}]}]}")]
    [InlineData("{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}, weight: 0}, {destination: {host: reviews, subset: v2}, weight: 100}]}]}")]
    [InlineData("{hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}, weight: 700}, {destination: {host: reviews, subset: v2}, weight: 200}, {destination: {host: reviews, subset: v3}, weight: 100}]}]}")]
    [InlineData("{hosts: [reviews], http: [{route: [{destination: {host: reviews}, weight: 0}]}]}")]
    [InlineData("{hosts: [reviews], tcp: [{route: [{destination: {host: a}, weight: 50}, {destination: {host: b}, weight: 40}]}]}")]
    [InlineData("{hosts: [reviews], http: [{match: [{headers: {\":authority\": {prefix: api}}}], " + Route + "}]}")]
    public void Validate_ValidVirtualService_HasNoErrors(string spec)
    {
        Assert.Empty(ValidationHarness.Errors("VirtualService", spec));
    }

    private const string Route0 = "http: [{" + Route + "}]";

    [Fact]
    public void Validate_DirectResponseBodyOverOneMebibyte_IsRejected()
    {
        var resource = (VirtualService)ValidationHarness.Parse("VirtualService", "{hosts: [reviews], http: [{directResponse: {status: 200}}]}");
        var route = resource.Spec.Http[0] with { DirectResponse = new HttpDirectResponse { Status = 200, Body = new HttpBody { String = new string('a', (1024 * 1024) + 1) } } };
        resource = resource with { Spec = resource.Spec with { Http = [route] } };

        var errors = ConfigValidator.Validate(resource).Select(e => e.ToString());

        Assert.Equal(["VirtualService default/x: spec.http[0].directResponse.body: body is 1048577 bytes; the limit is 1048576 (1 MiB)"], errors);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOneInPathOrder()
    {
        var errors = ValidationHarness.Errors("VirtualService", """
            {hosts: ["a:1"], http: [
              {route: [{destination: {host: reviews}, weight: 50}, {destination: {subset: v2}, weight: -20}], timeout: 0s},
              {fault: {delay: {fixedDelay: 1s}}, route: [{destination: {host: reviews}}]},
              {}, {}, {}, {}, {}, {}, {},
              {redirect: {uri: /x, redirectCode: 200}}]}
            """);

        Assert.Equal(
            [
                "VirtualService default/x: spec.hosts[0]: invalid host \"a:1\": must not include a port",
                "VirtualService default/x: spec.http[0].route[1].destination.host: destination host is required",
                "VirtualService default/x: spec.http[0].route[1].weight: weight must be >= 0, got -20",
                "VirtualService default/x: spec.http[0].timeout: duration must be at least 1ms, got \"0s\"",
                "VirtualService default/x: spec.http[1].fault.delay: fixedDelay requires a percentage",
                .. Enumerable.Range(2, 7).Select(i => $"VirtualService default/x: spec.http[{i}]: set exactly one of route, redirect, directResponse or delegate"),
                "VirtualService default/x: spec.http[9].redirect.redirectCode: redirect code must be one of 301, 302, 303, 307, 308, got 200",
            ],
            errors);
    }
}
