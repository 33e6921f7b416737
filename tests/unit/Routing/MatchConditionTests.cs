using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class MatchConditionTests
{
    private static MatchBlock Block(HttpMatchRequest match, ProxyRole role = ProxyRole.Sidecar) =>
        MatchCompiler.Compile(match, "default", role) ?? throw new InvalidOperationException("block dropped");

    private static bool Matches(HttpMatchRequest match, RequestView request) => Block(match).Matches(request);

    private static ValueMap<string, StringMatch> Map(string name, StringMatch match) => new([KeyValuePair.Create(name, match)]);

    private static StringMatch Exact(string v) => new() { Exact = v };

    private static StringMatch Prefix(string v) => new() { Prefix = v };

    private static StringMatch Regex(string v) => new() { Regex = v };

    [Theory]
    [InlineData("/productpage", true)]
    [InlineData("/productpage/", false)]
    [InlineData("/ProductPage", false)]
    public void Uri_Exact_MatchesWholePathOnly(string path, bool expected) =>
        Assert.Equal(expected, Matches(new() { Uri = Exact("/productpage") }, Get("h", path)));

    [Theory]
    [InlineData("/static/css/x.css", true)]
    [InlineData("/static", true)]
    [InlineData("/stat", false)]
    [InlineData("/STATIC/x", false)]
    public void Uri_Prefix_MatchesStart(string path, bool expected) =>
        Assert.Equal(expected, Matches(new() { Uri = Prefix("/static") }, Get("h", path)));

    [Theory]
    [InlineData("/api/v1/products/12", true)]
    [InlineData("/api/v1/products/12/reviews", false)]
    [InlineData("/x/api/v1/products/12", false)]
    public void Uri_Regex_IsFullMatch(string path, bool expected) =>
        Assert.Equal(expected, Matches(new() { Uri = Regex("/api/v1/products/[0-9]+") }, Get("h", path)));

    [Fact]
    public void Uri_IgnoreUriCase_ExactAndPrefixIgnoreCase()
    {
        Assert.True(Matches(new() { Uri = Exact("/productpage"), IgnoreUriCase = true }, Get("h", "/PRODUCTPAGE")));
        Assert.True(Matches(new() { Uri = Prefix("/static"), IgnoreUriCase = true }, Get("h", "/Static/x")));
        Assert.False(Matches(new() { Uri = Exact("/productpage"), IgnoreUriCase = true }, Get("h", "/PRODUCTPAGE/x")));
    }

    [Fact]
    public void Uri_IgnoreUriCaseWithRegex_RegexStaysCaseSensitive() =>
        Assert.False(Matches(new() { Uri = Regex("/a+"), IgnoreUriCase = true }, Get("h", "/AA")));

    [Fact]
    public void Headers_Exact_NameIsCaseInsensitiveValueIsNot()
    {
        var match = new HttpMatchRequest { Headers = Map("end-user", Exact("jason")) };
        Assert.True(Matches(match, Get("h", "/", ("End-User", "jason"))));
        Assert.False(Matches(match, Get("h", "/", ("end-user", "Jason"))));
    }

    [Fact]
    public void Headers_ExactOnMissingHeader_DoesNotMatch() =>
        Assert.False(Matches(new() { Headers = Map("end-user", Exact("")) }, Get("h", "/")));

    [Theory]
    [InlineData("Mozilla/5.0 (X11)", true)]
    [InlineData("curl/8", false)]
    public void Headers_PrefixAndRegex_MatchValue(string agent, bool expected)
    {
        Assert.Equal(expected, Matches(new() { Headers = Map("user-agent", Prefix("Mozilla")) }, Get("h", "/", ("user-agent", agent))));
        Assert.Equal(expected, Matches(new() { Headers = Map("user-agent", Regex(".*X11.*")) }, Get("h", "/", ("user-agent", agent))));
    }

    [Fact]
    public void Headers_EmptyStringMatch_TestsPresence()
    {
        var match = new HttpMatchRequest { Headers = Map("x-canary", new StringMatch()) };
        Assert.True(Matches(match, Get("h", "/", ("x-canary", "anything"))));
        Assert.False(Matches(match, Get("h", "/")));
    }

    [Fact]
    public void WithoutHeaders_HeaderPresentWithMatchingValue_DoesNotMatch()
    {
        var match = new HttpMatchRequest { WithoutHeaders = Map("end-user", Exact("jason")) };
        Assert.False(Matches(match, Get("h", "/", ("end-user", "jason"))));
        Assert.True(Matches(match, Get("h", "/", ("end-user", "ana"))));
        Assert.True(Matches(match, Get("h", "/")));
    }

    [Theory]
    [InlineData("v", "2", true)]
    [InlineData("v", "3", false)]
    [InlineData("V", "2", false)]
    public void QueryParams_Exact_MatchesNameAndValue(string name, string value, bool expected)
    {
        var request = RequestView.Create("GET", "h", "/", query: [KeyValuePair.Create(name, value)]);
        Assert.Equal(expected, Matches(new() { QueryParams = Map("v", Exact("2")) }, request));
    }

    [Fact]
    public void QueryParams_PrefixRegexAndMissing_Work()
    {
        var request = RequestView.Create("GET", "h", "/", query: [KeyValuePair.Create("page", "12")]);
        Assert.True(Matches(new() { QueryParams = Map("page", Prefix("1")) }, request));
        Assert.True(Matches(new() { QueryParams = Map("page", Regex("[0-9]+")) }, request));
        Assert.False(Matches(new() { QueryParams = Map("page", Regex("[0-9]")) }, request));
        Assert.False(Matches(new() { QueryParams = Map("other", Prefix("")) }, request));
    }

    [Theory]
    [InlineData("bookinfo.example.com", true, true, true)]
    [InlineData("shop.example.com", false, false, true)]
    [InlineData("bookinfo.example.org", false, true, false)]
    public void Authority_ExactPrefixRegex_Match(string authority, bool exact, bool prefix, bool regex)
    {
        Assert.Equal(exact, Matches(new() { Authority = Exact("bookinfo.example.com") }, Get(authority, "/")));
        Assert.Equal(prefix, Matches(new() { Authority = Prefix("bookinfo.") }, Get(authority, "/")));
        Assert.Equal(regex, Matches(new() { Authority = Regex(@"[a-z]+\.example\.com") }, Get(authority, "/")));
    }

    [Theory]
    [InlineData("GET", true, true, false)]
    [InlineData("POST", false, true, true)]
    [InlineData("get", false, false, false)]
    public void Method_ExactPrefixRegex_Match(string method, bool exact, bool regex, bool prefix)
    {
        var request = RequestView.Create(method, "h", "/");
        Assert.Equal(exact, Matches(new() { Method = Exact("GET") }, request));
        Assert.Equal(regex, Matches(new() { Method = Regex("GET|POST") }, request));
        Assert.Equal(prefix, Matches(new() { Method = Prefix("PO") }, request));
    }

    [Theory]
    [InlineData("https", true, true, true)]
    [InlineData("http", false, true, false)]
    public void Scheme_ExactPrefixRegex_Match(string scheme, bool exact, bool prefix, bool regex)
    {
        var request = RequestView.Create("GET", "h", "/", scheme: scheme);
        Assert.Equal(exact, Matches(new() { Scheme = Exact("https") }, request));
        Assert.Equal(prefix, Matches(new() { Scheme = Prefix("http") }, request));
        Assert.Equal(regex, Matches(new() { Scheme = Regex("https") }, request));
    }

    [Fact]
    public void Port_MatchesRequestPortOnly()
    {
        Assert.True(Matches(new() { Port = 9080 }, RequestView.Create("GET", "h", "/", port: 9080)));
        Assert.False(Matches(new() { Port = 9080 }, RequestView.Create("GET", "h", "/", port: 80)));
    }

    [Fact]
    public void Gateways_ShortNameResolvesInVirtualServiceNamespace()
    {
        var match = new HttpMatchRequest { Gateways = ["bookinfo-gateway", "mesh"] };
        Assert.True(Matches(match, Get("h", "/") with { Gateway = "default/bookinfo-gateway" }));
        Assert.True(Matches(match, Get("h", "/") with { Gateway = "mesh" }));
        Assert.False(Matches(match, Get("h", "/") with { Gateway = "other/bookinfo-gateway" }));
    }

    [Fact]
    public void SourceLabels_RequireEveryLabel()
    {
        var match = new HttpMatchRequest { SourceLabels = Labels(("app", "productpage"), ("version", "v1")) };
        Assert.True(Matches(match, Get("h", "/") with { SourceLabels = Labels(("app", "productpage"), ("version", "v1"), ("x", "y")) }));
        Assert.False(Matches(match, Get("h", "/") with { SourceLabels = Labels(("app", "productpage"), ("version", "v2")) }));
        Assert.False(Matches(match, Get("h", "/")));
    }

    [Fact]
    public void SourceLabels_OnIngress_BlockIsDropped() =>
        Assert.Null(MatchCompiler.Compile(new() { SourceLabels = Labels(("app", "x")) }, "default", ProxyRole.Ingress));

    [Fact]
    public void Block_ConditionsAreAnded()
    {
        var match = new HttpMatchRequest { Uri = Prefix("/api"), Method = Exact("POST"), Headers = Map("x-a", Exact("1")) };
        Assert.True(Matches(match, RequestView.Create("POST", "h", "/api/x", [KeyValuePair.Create("x-a", "1")])));
        Assert.False(Matches(match, RequestView.Create("GET", "h", "/api/x", [KeyValuePair.Create("x-a", "1")])));
        Assert.False(Matches(match, RequestView.Create("POST", "h", "/api/x")));
        Assert.False(Matches(match, RequestView.Create("POST", "h", "/x", [KeyValuePair.Create("x-a", "1")])));
    }

    [Fact]
    public void RegexMatcher_TwoCompilesOfOnePattern_AreEqual() =>
        Assert.Equal(new RegexMatcher("a.*"), new RegexMatcher("a.*"));
}
