using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Security.Authorization;
using Xunit;
using static GatewayMesh.UnitTests.Security.SecurityYaml;

namespace GatewayMesh.UnitTests.Security;

public class AuthorizationEngineTests
{
    private static readonly PeerIdentity Productpage = new(SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-productpage"));
    private static readonly PeerIdentity Ratings = new(SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-ratings"));
    private static readonly PeerIdentity Foreign = new(SpiffeId.Parse("spiffe://cluster.local/ns/prod/sa/billing"));

    private static AuthorizationEngine Engine(params AuthorizationPolicy[] policies) => AuthorizationCompiler.Compile(policies, Workload());

    private static bool Allowed(AuthorizationEngine engine, string method, string path, PeerIdentity? peer = null, IEnumerable<KeyValuePair<string, string>>? headers = null, string sourceIp = "127.0.0.1", string host = "reviews:9080") =>
        engine.Evaluate(AuthorizationRequest.Create(method, path, host, peer, headers, sourceIp)).Allowed;

    [Fact]
    public void Evaluate_NoPolicies_AllowedAndEmpty()
    {
        var engine = Engine();

        Assert.True(engine.IsEmpty);
        Assert.True(Allowed(engine, "GET", "/"));
    }

    [Fact]
    public void Evaluate_AllowOnlyProductpageToCallReviews_OthersDenied()
    {
        var engine = Engine(Authz("reviews-viewer", "default",
            "{selector: {matchLabels: {app: reviews}}, action: ALLOW, rules: [{from: [{source: {principals: [cluster.local/ns/default/sa/bookinfo-productpage]}}], to: [{operation: {methods: [GET]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/reviews/1", Productpage));
        Assert.False(Allowed(engine, "GET", "/reviews/1", Ratings));
        Assert.False(Allowed(engine, "GET", "/reviews/1", peer: null));
        Assert.False(Allowed(engine, "POST", "/reviews/1", Productpage));
    }

    [Fact]
    public void Evaluate_DenyPostToRatings_OnlyPostDenied()
    {
        var engine = AuthorizationCompiler.Compile(
            [Authz("deny-post", "default", "{selector: {matchLabels: {app: ratings}}, action: DENY, rules: [{to: [{operation: {methods: [POST]}}]}]}")],
            Workload(labels: "app=ratings,version=v1"));

        Assert.False(Allowed(engine, "POST", "/ratings/1", Productpage));
        Assert.True(Allowed(engine, "GET", "/ratings/1", Productpage));
        Assert.True(Allowed(engine, "PUT", "/ratings/1"));
    }

    [Theory]
    [InlineData("/ratings", "/ratings", true)]
    [InlineData("/ratings", "/ratings/1", false)]
    [InlineData("/ratings", "/Ratings", false)]
    [InlineData("/ratings/*", "/ratings/1", true)]
    [InlineData("/ratings/*", "/ratings/", true)]
    [InlineData("/ratings/*", "/ratings", false)]
    [InlineData("*/info", "/details/info", true)]
    [InlineData("*/info", "/details/info/x", false)]
    [InlineData("*", "/anything/at/all", true)]
    public void Evaluate_PathWildcards_IstioExactPrefixSuffixAny(string pattern, string path, bool allowed)
    {
        var engine = Engine(Authz("paths", "default", $"{{rules: [{{to: [{{operation: {{paths: [\"{pattern}\"]}}}}]}}]}}"));

        Assert.Equal(allowed, Allowed(engine, "GET", path));
    }

    [Fact]
    public void Evaluate_NotPaths_ExcludesMatches()
    {
        var engine = Engine(Authz("not-admin", "default", "{rules: [{to: [{operation: {notPaths: [\"/admin*\"]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/reviews"));
        Assert.False(Allowed(engine, "GET", "/admin/users"));
    }

    [Fact]
    public void Evaluate_NotPrincipals_DenyEveryoneButProductpage_PlaintextDeniedToo()
    {
        var engine = Engine(Authz("deny-others", "default", "{action: DENY, rules: [{from: [{source: {notPrincipals: [cluster.local/ns/default/sa/bookinfo-productpage]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", Productpage));
        Assert.False(Allowed(engine, "GET", "/", Ratings));
        Assert.False(Allowed(engine, "GET", "/", peer: null));
    }

    [Fact]
    public void Evaluate_PrincipalsStar_NeedsAnIdentity()
    {
        var engine = Engine(Authz("mtls-only", "default", "{rules: [{from: [{source: {principals: [\"*\"]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", Ratings));
        Assert.False(Allowed(engine, "GET", "/", peer: null));
    }

    [Fact]
    public void Evaluate_PrincipalPrefixAndNamespaces()
    {
        var engine = Engine(Authz("ns", "default", "{rules: [{from: [{source: {principals: [\"cluster.local/ns/default/*\"]}}, {source: {namespaces: [prod]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", Ratings));
        Assert.True(Allowed(engine, "GET", "/", Foreign));
        Assert.False(Allowed(engine, "GET", "/", peer: null));

        var notProd = Engine(Authz("not-prod", "default", "{rules: [{from: [{source: {notNamespaces: [prod]}}]}]}"));
        Assert.False(Allowed(notProd, "GET", "/", Foreign));
        Assert.True(Allowed(notProd, "GET", "/", Ratings));
    }

    [Fact]
    public void Evaluate_WhenHeader_ValuesAndNotValues()
    {
        var engine = Engine(Authz("header", "default",
            "{rules: [{when: [{key: \"request.headers[x-user]\", values: [\"admin-*\"], notValues: [admin-blocked]}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", headers: [KeyValuePair.Create("X-User", "admin-alice")]));
        Assert.False(Allowed(engine, "GET", "/", headers: [KeyValuePair.Create("x-user", "admin-blocked")]));
        Assert.False(Allowed(engine, "GET", "/", headers: [KeyValuePair.Create("x-user", "bob")]));
        Assert.False(Allowed(engine, "GET", "/"));
    }

    [Fact]
    public void Evaluate_WhenNotValuesOnly_AbsentHeaderMatches()
    {
        var engine = Engine(Authz("deny-beta", "default", "{action: DENY, rules: [{when: [{key: \"request.headers[x-channel]\", notValues: [stable]}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", headers: [KeyValuePair.Create("x-channel", "stable")]));
        Assert.False(Allowed(engine, "GET", "/", headers: [KeyValuePair.Create("x-channel", "beta")]));
        Assert.False(Allowed(engine, "GET", "/"));
    }

    [Fact]
    public void Evaluate_WhenConditions_AreAllRequired()
    {
        var engine = Engine(Authz("both", "default",
            "{rules: [{when: [{key: source.namespace, values: [default]}, {key: source.principal, values: [\"*/sa/bookinfo-productpage\"]}, {key: destination.port, values: [\"9080\"]}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", Productpage));
        Assert.False(Allowed(engine, "GET", "/", Ratings));
        Assert.False(Allowed(engine, "GET", "/", Foreign));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.0.1", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("192.168.1.7", true)]
    [InlineData("192.168.1.8", false)]
    [InlineData("2001:db8::42", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("::ffff:10.9.9.9", true)]
    public void Evaluate_IpBlocks_CidrAndSingleAddressBothFamilies(string sourceIp, bool allowed)
    {
        var engine = Engine(Authz("ips", "default", "{rules: [{from: [{source: {ipBlocks: [10.0.0.0/8, 192.168.1.7, \"2001:db8::/32\"]}}]}]}"));

        Assert.Equal(allowed, Allowed(engine, "GET", "/", sourceIp: sourceIp));
    }

    [Fact]
    public void Evaluate_NotIpBlocksAndSourceIpCondition()
    {
        var engine = Engine(Authz("ips", "default", "{action: DENY, rules: [{from: [{source: {notIpBlocks: [127.0.0.0/8]}}]}, {when: [{key: source.ip, values: [\"10.0.0.5\"]}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", sourceIp: "127.0.0.1"));
        Assert.False(Allowed(engine, "GET", "/", sourceIp: "192.0.2.1"));
    }

    [Fact]
    public void Evaluate_EmptyAllowPolicy_AllowsNothing_RuleWithNothingSet_AllowsAll()
    {
        Assert.False(Allowed(Engine(Authz("allow-nothing", "default", "{}")), "GET", "/", Productpage));
        Assert.True(Allowed(Engine(Authz("allow-all", "default", "{rules: [{}]}")), "GET", "/"));
        Assert.True(Allowed(Engine(Authz("deny-nothing", "default", "{action: DENY}")), "GET", "/"));
        Assert.False(Allowed(Engine(Authz("deny-all", "default", "{action: DENY, rules: [{}]}")), "GET", "/", Productpage));
    }

    [Fact]
    public void Evaluate_DenyWinsOverAllow()
    {
        var engine = Engine(
            Authz("allow-all", "default", "{rules: [{}]}"),
            Authz("deny-admin", "default", "{action: DENY, rules: [{to: [{operation: {paths: [\"/admin*\"]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/reviews"));
        var decision = engine.Evaluate(AuthorizationRequest.Create("GET", "/admin"));
        Assert.False(decision.Allowed);
        Assert.Equal("default/deny-admin", decision.Policy);
    }

    [Fact]
    public void Evaluate_Audit_MarksButNeverChangesTheDecision()
    {
        var audit = Authz("audit-all", "default", "{action: AUDIT, rules: [{}]}");

        var auditOnly = Engine(audit).Evaluate(AuthorizationRequest.Create("GET", "/"));
        Assert.True(auditOnly.Allowed);
        Assert.Equal("default/audit-all", auditOnly.AuditPolicy);

        var withAllowNothing = Engine(audit, Authz("allow-nothing", "default", "{}")).Evaluate(AuthorizationRequest.Create("GET", "/"));
        Assert.False(withAllowNothing.Allowed);
        Assert.Equal("default/audit-all", withAllowNothing.AuditPolicy);
    }

    [Fact]
    public void Evaluate_HostsIgnoreCaseAndIncludeThePort()
    {
        var engine = Engine(Authz("hosts", "default", "{rules: [{to: [{operation: {hosts: [reviews, \"reviews:*\", \"*.example.com\"]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", host: "REVIEWS"));
        Assert.True(Allowed(engine, "GET", "/", host: "reviews:9080"));
        Assert.True(Allowed(engine, "GET", "/", host: "Shop.Example.COM"));
        Assert.False(Allowed(engine, "GET", "/", host: "shop.example.com:443"));
        Assert.False(Allowed(engine, "GET", "/", host: "ratings"));
    }

    [Fact]
    public void Evaluate_PortsAndNotPorts()
    {
        var engine = Engine(Authz("ports", "default", "{rules: [{to: [{operation: {ports: [\"9080\"]}}]}]}"));
        Assert.True(engine.Evaluate(AuthorizationRequest.Create("GET", "/", destinationPort: 9080)).Allowed);
        Assert.False(engine.Evaluate(AuthorizationRequest.Create("GET", "/", destinationPort: 15006)).Allowed);

        var notPorts = Engine(Authz("ports", "default", "{rules: [{to: [{operation: {notPorts: [\"9080\"]}}]}]}"));
        Assert.False(notPorts.Evaluate(AuthorizationRequest.Create("GET", "/", destinationPort: 9080)).Allowed);
    }

    [Fact]
    public void Evaluate_RequestPrincipals_NoTokenMeansUnauthenticated()
    {
        Assert.False(Allowed(Engine(Authz("jwt", "default", "{rules: [{from: [{source: {requestPrincipals: [\"*\"]}}]}]}")), "GET", "/", Productpage));
        Assert.False(Allowed(Engine(Authz("need-jwt", "default", "{action: DENY, rules: [{from: [{source: {notRequestPrincipals: [\"*\"]}}]}]}")), "GET", "/", Productpage));
        Assert.False(Allowed(Engine(Authz("claims", "default", "{rules: [{when: [{key: \"request.auth.claims[iss]\", values: [x]}]}]}")), "GET", "/"));
    }

    [Fact]
    public void Evaluate_RequestPrincipalAndAuthKeys_ReadTheValidJwt()
    {
        var jason = AuthorizationRequest.Create("GET", "/") with
        {
            RequestPrincipal = "https://issuer.test/jason",
            RequestAudiences = ["bookinfo", "other"],
            RequestPresenter = "web",
            RequestClaims = new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["dev", "admin"], ["realm][roles"] = ["reader"] },
        };
        var anonymous = AuthorizationRequest.Create("GET", "/");

        bool Holds(string spec, in AuthorizationRequest request) => Engine(Authz("p", "default", spec)).Evaluate(request).Allowed;

        Assert.True(Holds("{rules: [{from: [{source: {requestPrincipals: [\"https://issuer.test/*\"]}}]}]}", jason));
        Assert.False(Holds("{rules: [{from: [{source: {requestPrincipals: [\"*/alice\"]}}]}]}", jason));
        Assert.True(Holds("{action: DENY, rules: [{from: [{source: {notRequestPrincipals: [\"*\"]}}]}]}", jason));
        Assert.False(Holds("{action: DENY, rules: [{from: [{source: {notRequestPrincipals: [\"*\"]}}]}]}", anonymous));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.claims[groups]\", values: [admin]}]}]}", jason));
        Assert.False(Holds("{rules: [{when: [{key: \"request.auth.claims[groups]\", notValues: [admin]}]}]}", jason));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.claims[realm][roles]\", values: [read*]}]}]}", jason));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.audiences\", values: [bookinfo]}]}]}", jason));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.presenter\", values: [web]}]}]}", jason));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.principal\", values: [\"https://issuer.test/jason\"]}]}]}", jason));
        Assert.False(Holds("{rules: [{when: [{key: \"request.auth.claims[groups]\", values: [admin]}]}]}", anonymous));
        Assert.True(Holds("{rules: [{when: [{key: \"request.auth.claims[groups]\", notValues: [admin]}]}]}", anonymous));
    }

    [Fact]
    public void Evaluate_ServiceAccounts_NamespaceSlashName()
    {
        var engine = Engine(Authz("sa", "default", "{rules: [{from: [{source: {serviceAccounts: [default/bookinfo-productpage]}}]}]}"));

        Assert.True(Allowed(engine, "GET", "/", Productpage));
        Assert.False(Allowed(engine, "GET", "/", Ratings));
    }

    [Fact]
    public void Evaluate_CompiledPolicies_AllocatesNothingPerRequest()
    {
        var engine = Engine(
            Authz("allow", "default", "{rules: [{from: [{source: {principals: [\"cluster.local/ns/default/*\"], ipBlocks: [127.0.0.0/8, \"::1\"]}}], to: [{operation: {hosts: [\"reviews*\"], methods: [GET], paths: [\"/reviews/*\"], ports: [\"9080\"]}}], when: [{key: \"request.headers[x-user]\", notValues: [blocked]}, {key: source.ip, values: [127.0.0.1]}]}]}"),
            Authz("deny", "default", "{action: DENY, rules: [{to: [{operation: {paths: [\"*/admin\"]}}]}]}"),
            Authz("audit", "default", "{action: AUDIT, rules: [{from: [{source: {notNamespaces: [prod]}}]}]}"));
        var request = AuthorizationRequest.Create("GET", "/reviews/1", peer: Productpage, headers: [KeyValuePair.Create("x-user", "alice")]);
        Assert.True(engine.Evaluate(request).Allowed);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            engine.Evaluate(request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
