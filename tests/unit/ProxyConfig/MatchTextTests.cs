using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Routing;
using Xunit;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class MatchTextTests
{
    public static TheoryData<MatchCondition, string> Conditions() => new()
    {
        { new UriCondition(new PrefixMatcher("/api")), "uri prefix /api" },
        { new UriCondition(new ExactMatcher("/Login", IgnoreCase: true)), "uri exact /Login (ignore case)" },
        { new HeaderCondition("end-user", new ExactMatcher("jason")), "header end-user exact jason" },
        { new WithoutHeaderCondition("x-canary", AnyValueMatcher.Instance), "!header x-canary present" },
        { new QueryParamCondition("debug", new RegexMatcher("[0-9]+")), "query debug regex [0-9]+" },
        { new MethodCondition(new ExactMatcher("GET")), "method exact GET" },
        { new PortCondition(9080), "port 9080" },
        { new GatewaysCondition(new[] { "mesh", "default/gw" }.ToValueList()), "gateways mesh,default/gw" },
        { new SourceNamespaceCondition("test"), "sourceNamespace test" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Condition_EachKind_WritesShortText(MatchCondition condition, string expected) =>
        Assert.Equal(expected, MatchText.Condition(condition));

    [Fact]
    public void Block_SeveralConditions_JoinsWithAnd() =>
        Assert.Equal(
            "uri prefix /a && method exact GET",
            MatchText.Block(new MatchBlock(null, new MatchCondition[] { new UriCondition(new PrefixMatcher("/a")), new MethodCondition(new ExactMatcher("GET")) }.ToValueList())));

    [Fact]
    public void Block_NoConditions_IsStar() =>
        Assert.Equal("*", MatchText.Block(new MatchBlock(null, ValueList<MatchCondition>.Empty)));
}
