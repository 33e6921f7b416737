using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class SecurityValidationTests
{
    public static TheoryData<string, string> PeerAuthenticationCases() => new()
    {
        { "{mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: DISABLE}}}", "spec.portLevelMtls: requires spec.selector" },
        { "{selector: {matchLabels: {app: reviews}}, portLevelMtls: {0: {mode: DISABLE}}}", "spec.portLevelMtls[0]: port must be between 1 and 65535, got 0" },
        { "{selector: {matchLabels: {app: reviews}}, portLevelMtls: {8080: {}}}", "spec.portLevelMtls[8080].mode: mode is required; expected DISABLE, PERMISSIVE or STRICT" },
        { "{selector: {matchLabels: {app: \"a b\"}}, mtls: {mode: STRICT}}", "spec.selector.matchLabels[app]: invalid label value \"a b\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
    };

    public static TheoryData<string, string> AuthorizationPolicyCases() => new()
    {
        { "{action: CUSTOM, rules: [{to: [{operation: {paths: [/admin]}}]}]}", "spec.provider.name: action CUSTOM requires a provider name" },
        { "{action: DENY, provider: {name: ext-authz}}", "spec.provider: provider is only allowed with action CUSTOM" },
        { "{selector: {matchLabels: {app: a}}, targetRef: {kind: Gateway, name: gw}}", "spec: set selector or targetRef/targetRefs, not both" },
        { "{rules: [{from: [{source: {}}]}]}", "spec.rules[0].from[0].source: source must set at least one field" },
        { "{rules: [{from: [{source: {principals: [\"cluster.local/*/sa/*\"]}}]}]}", "spec.rules[0].from[0].source.principals[0]: invalid value \"cluster.local/*/sa/*\": '*' is allowed once, as a prefix or a suffix" },
        { "{rules: [{from: [{source: {namespaces: [foo, \"a*b\"]}}]}]}", "spec.rules[0].from[0].source.namespaces[1]: invalid value \"a*b\": '*' is allowed once, as a prefix or a suffix" },
        { "{rules: [{from: [{source: {namespaces: [\"\"]}}]}]}", "spec.rules[0].from[0].source.namespaces[0]: value must not be empty" },
        { "{rules: [{from: [{source: {ipBlocks: [10.0.0.0/33]}}]}]}", "spec.rules[0].from[0].source.ipBlocks[0]: invalid address \"10.0.0.0/33\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{rules: [{to: [{operation: {}}]}]}", "spec.rules[0].to[0].operation: operation must set at least one field" },
        { "{rules: [{to: [{operation: {ports: [\"0\"]}}]}]}", "spec.rules[0].to[0].operation.ports[0]: invalid port \"0\": expected a number between 1 and 65535" },
        { "{rules: [{to: [{operation: {notPorts: [http]}}]}]}", "spec.rules[0].to[0].operation.notPorts[0]: invalid port \"http\": expected a number between 1 and 65535" },
        { "{rules: [{to: [{operation: {methods: [\"\"]}}]}]}", "spec.rules[0].to[0].operation.methods[0]: value must not be empty" },
        { "{rules: [{to: [{operation: {paths: [admin]}}]}]}", "spec.rules[0].to[0].operation.paths[0]: invalid path \"admin\": expected a path starting with '/' or '*'" },
        { "{rules: [{when: [{key: request.verb, values: [GET]}]}]}", "spec.rules[0].when[0].key: unsupported key \"request.verb\"; expected one of source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, request.auth.principal, request.auth.audiences, request.auth.presenter, destination.ip, destination.port, connection.sni, request.headers[name], request.auth.claims[name] or experimental.envoy.filters.*" },
        { "{rules: [{when: [{key: \"request.headers[x-user]\"}]}]}", "spec.rules[0].when[0]: set values or notValues" },
        { "{targetRef: {kind: Gateway, name: a}, targetRefs: [{kind: Gateway, name: b}]}", "spec: set targetRef or targetRefs, not both" },
        { "{rules: [{when: [{values: [a]}]}]}", "spec.rules[0].when[0].key: key is required" },
        { "{rules: [{from: [{}]}]}", "spec.rules[0].from[0].source: source must set at least one field" },
        { "{rules: [{from: [{source: {notRemoteIpBlocks: [\"fe80::/129\"]}}]}]}", "spec.rules[0].from[0].source.notRemoteIpBlocks[0]: invalid address \"fe80::/129\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{rules: [{when: [{key: source.ip, values: [10.0.0.0/8, not-an-ip]}]}]}", "spec.rules[0].when[0].values[1]: invalid address \"not-an-ip\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{rules: [{when: [{key: remote.ip, notValues: [\"300.1.1.1\"]}]}]}", "spec.rules[0].when[0].notValues[0]: invalid address \"300.1.1.1\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{rules: [{when: [{key: destination.port, values: [\"9080\", http]}]}]}", "spec.rules[0].when[0].values[1]: invalid port \"http\": expected a number between 1 and 65535" },
        { "{rules: [{to: [{operation: {hosts: [\"*.a.*\"]}}]}]}", "spec.rules[0].to[0].operation.hosts[0]: invalid value \"*.a.*\": '*' is allowed once, as a prefix or a suffix" },
    };

    [Theory]
    [MemberData(nameof(PeerAuthenticationCases))]
    public void Validate_InvalidPeerAuthentication_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["PeerAuthentication default/x: " + expected], ValidationHarness.Errors("PeerAuthentication", spec));
    }

    [Theory]
    [MemberData(nameof(AuthorizationPolicyCases))]
    public void Validate_InvalidAuthorizationPolicy_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["AuthorizationPolicy default/x: " + expected], ValidationHarness.Errors("AuthorizationPolicy", spec));
    }

    [Theory]
    [InlineData("PeerAuthentication", "{mtls: {mode: STRICT}}")]
    [InlineData("PeerAuthentication", "{selector: {matchLabels: {app: reviews}}, mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: PERMISSIVE}}}")]
    [InlineData("AuthorizationPolicy", "{}")]
    [InlineData("AuthorizationPolicy", "{action: CUSTOM, provider: {name: ext-authz}, rules: [{to: [{operation: {paths: [\"/admin/*\"]}}]}]}")]
    [InlineData("AuthorizationPolicy", "{selector: {matchLabels: {app: ratings}}, action: ALLOW, rules: [{from: [{source: {principals: [\"cluster.local/ns/default/sa/*\", \"*\"], ipBlocks: [10.0.0.1, 10.0.0.0/8, \"::1\"]}}], to: [{operation: {methods: [GET], ports: [\"9080\"], paths: [\"*/info\", /ratings]}}], when: [{key: \"request.auth.claims[iss]\", values: [\"https://issuer\"]}, {key: \"experimental.envoy.filters.network.mysql_proxy[db.table]\", notValues: [x]}]}]}")]
    public void Validate_ValidSecurityPolicy_HasNoErrors(string kind, string spec)
    {
        Assert.Empty(ValidationHarness.Errors(kind, spec));
    }
}
