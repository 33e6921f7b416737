using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class RouteActionTests
{
    private const string Rules = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts: [web]
          http:
          - match: [{uri: {exact: /old}}]
            redirect: {uri: /new, authority: web.example.com, scheme: https, derivePort: FROM_REQUEST_PORT}
          - match: [{uri: {exact: /moved}}]
            redirect: {uri: /elsewhere, port: 8443, redirectCode: 308}
          - match: [{uri: {prefix: /v1/}}]
            rewrite: {uri: /v2/, authority: api.internal}
            route:
            - destination: {host: web, port: {number: 8080}}
              headers:
                request: {set: {x-dest: a}}
            headers:
              request: {set: {x-route: r}, add: {x-trace: "1"}, remove: [cookie]}
              response: {remove: [server]}
            timeout: 2s
            retries: {attempts: 3, perTryTimeout: 500ms, retryOn: 5xx}
            fault: {abort: {httpStatus: 503, percentage: {value: 10}}}
            mirror: {host: shadow}
            mirrorPercentage: {value: 25}
          - match: [{uri: {prefix: /svc/}}]
            rewrite:
              uriRegexRewrite: {match: "/svc/([^/]+)/(.*)", rewrite: "/\\2/in/\\1"}
            route:
            - destination: {host: web}
          - match: [{uri: {exact: /health}}]
            directResponse: {status: 503, body: {string: down}}
          - match: [{uri: {exact: /bytes}}]
            directResponse: {status: 200, body: {bytes: aGk=}}
          - route:
            - destination: {host: web}
            mirrors:
            - destination: {host: shadow, subset: v2}
              percentage: {value: 5}
        """;

    private static RouteTable Table() => RouteTableCompiler.Compile(Snapshot(Rules), Sidecar());

    private static RouteMatch MatchPath(string path) => Table().Match(Get("web", path)) ?? throw new InvalidOperationException("no match");

    [Fact]
    public void Redirect_DefaultsTo301AndCarriesTargets()
    {
        var redirect = Assert.IsType<RedirectAction>(MatchPath("/old").Action);
        Assert.Equal(new RedirectAction("/new", null, "web.example.com", "https", null, RedirectPortSelection.FromRequestPort, 301), redirect);
        Assert.Equal(new RedirectAction("/elsewhere", null, null, null, 8443, null, 308), MatchPath("/moved").Action);
    }

    [Fact]
    public void Rewrite_UriReplacesMatchedPrefixOnly()
    {
        var match = MatchPath("/v1/reviews/1");
        var forward = Assert.IsType<ForwardAction>(match.Action);
        Assert.Equal("/v2/reviews/1", forward.Rewrite!.RewritePath("/v1/reviews/1", match.Block));
        Assert.Equal("api.internal", forward.Rewrite.Authority);
    }

    [Fact]
    public void Rewrite_ExactMatch_ReplacesWholePath()
    {
        var rewrite = new RewriteAction("/b", null, null);
        var block = MatchCompiler.Compile(new HttpMatchRequest { Uri = new StringMatch { Exact = "/a" } }, "default", ProxyRole.Sidecar);
        Assert.Equal("/b", rewrite.RewritePath("/a", block));
    }

    [Fact]
    public void Rewrite_UriRegexRewrite_UsesGroups()
    {
        var match = MatchPath("/svc/reviews/list");
        var forward = Assert.IsType<ForwardAction>(match.Action);
        Assert.Equal("/list/in/reviews", forward.Rewrite!.RewritePath("/svc/reviews/list", match.Block));
        Assert.Equal("/other", forward.Rewrite.RewritePath("/other", match.Block));
    }

    [Fact]
    public void Forward_CarriesHeadersPoliciesAndMirrors()
    {
        var match = MatchPath("/v1/x");
        var forward = Assert.IsType<ForwardAction>(match.Action);
        var destination = Assert.Single(forward.Destinations.Destinations);
        Assert.Equal(new ClusterKey("web.default.svc.cluster.local", null, 8080), destination.Cluster);
        Assert.Equal(100, destination.Weight);
        Assert.Equal("a", destination.Headers.Request.Set["x-dest"]);

        var headers = match.Rule.Headers;
        Assert.Equal("r", headers.Request.Set["x-route"]);
        Assert.Equal("1", headers.Request.Add["x-trace"]);
        Assert.Equal(["cookie"], headers.Request.Remove);
        Assert.Equal(["server"], headers.Response.Remove);

        Assert.Equal(TimeSpan.FromSeconds(2), match.Rule.Policies.Timeout!.Value.Value);
        Assert.Equal(3, match.Rule.Policies.Retries!.Attempts);
        Assert.Equal(503, match.Rule.Policies.Fault!.Abort!.HttpStatus);
        Assert.Equal([new MirrorPolicy(new ClusterKey("shadow.default.svc.cluster.local", null, null), 25)], forward.Mirrors);
    }

    [Fact]
    public void Forward_MirrorsList_DefaultsAndPercentages()
    {
        var forward = Assert.IsType<ForwardAction>(MatchPath("/anything").Action);
        Assert.Equal([new MirrorPolicy(new ClusterKey("shadow.default.svc.cluster.local", "v2", null), 5)], forward.Mirrors);
    }

    [Fact]
    public void DirectResponse_CompilesStatusAndBody()
    {
        var text = Assert.IsType<DirectResponseAction>(MatchPath("/health").Action);
        Assert.Equal(503, text.Status);
        Assert.Equal("down"u8.ToArray(), text.Body.ToArray());
        var bytes = Assert.IsType<DirectResponseAction>(MatchPath("/bytes").Action);
        Assert.Equal("hi"u8.ToArray(), bytes.Body.ToArray());
    }

    [Fact]
    public void Compile_InvalidRegex_RuleFailsClosedWith500()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: web
            spec:
              hosts: [web]
              http:
              - match: [{uri: {regex: "(a)\\1"}}]
                route: [{destination: {host: web, subset: a}}]
              - route: [{destination: {host: web, subset: b}}]
            """;
        var match = RouteTableCompiler.Compile(Snapshot(yaml), Sidecar()).Match(Get("web", "/x"));
        Assert.Equal(500, Assert.IsType<DirectResponseAction>(match!.Value.Action).Status);
    }
}

public class RedirectLocationTests
{
    private static RedirectAction Redirect(string? uri = null, string? authority = null, string? scheme = null, int? port = null, RedirectPortSelection? derive = null, string? prefix = null) =>
        new(uri, prefix, authority, scheme, port, derive, 301);

    private static RequestView Request(string authority = "web:8080", string path = "/old/page") =>
        RequestView.Create("GET", authority, path, port: 8080) with { QueryString = "?a=1" };

    [Fact]
    public void Location_UriOnly_KeepsSchemeAuthorityAndQuery() =>
        Assert.Equal("http://web:8080/new?a=1", Redirect(uri: "/new").Location(Request(), null));

    [Fact]
    public void Location_AuthorityAndScheme_DropOriginalPort() =>
        Assert.Equal("https://web.example.com/old/page?a=1", Redirect(authority: "web.example.com", scheme: "https").Location(Request(), null));

    [Fact]
    public void Location_DerivePortFromRequest_UsesRequestPort() =>
        Assert.Equal("https://web:8080/old/page?a=1", Redirect(scheme: "https", derive: RedirectPortSelection.FromRequestPort).Location(Request(), null));

    [Fact]
    public void Location_FixedPortAndProtocolDefault_Written()
    {
        Assert.Equal("http://web:9090/old/page?a=1", Redirect(port: 9090).Location(Request(), null));
        Assert.Equal("https://web/old/page?a=1", Redirect(scheme: "https", port: 443).Location(Request(), null));
        Assert.Equal("http://web/old/page?a=1", Redirect(derive: RedirectPortSelection.FromProtocolDefault).Location(Request(), null));
    }

    [Fact]
    public void Location_PrefixRewrite_ReplacesMatchedPrefix()
    {
        var block = MatchCompiler.Compile(new HttpMatchRequest { Uri = new StringMatch { Prefix = "/old/" } }, "default", ProxyRole.Sidecar);
        Assert.Equal("http://web:8080/new/page?a=1", Redirect(prefix: "/new/").Location(Request(), block));
    }

    [Fact]
    public void Location_UriWithQuery_ReplacesQuery() =>
        Assert.Equal("http://web:8080/new?b=2", Redirect(uri: "/new?b=2").Location(Request(), null));
}
