using System.Text.Json.Nodes;
using GatewayMesh.Cli.ProxyConfig;
using GatewayMesh.UnitTests.Routing;
using Xunit;
using static GatewayMesh.UnitTests.ProxyConfig.ProxyConfigFixtures;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class RoutesTableTests
{
    private const string Document = """
        {
          "revision": 12, "loaded": true,
          "virtualHosts": [
            {
              "name": "reviews.default.svc.cluster.local", "gateway": "mesh", "ports": [], "virtualService": "VirtualService/default/reviews",
              "domains": ["reviews.default.svc.cluster.local", "reviews", "reviews.default"],
              "routes": [
                { "name": "jason", "match": ["header end-user exact jason", "uri prefix /v2"],
                  "action": { "type": "route", "destinations": [ { "cluster": "outbound||v2|reviews.default.svc.cluster.local", "weight": 0 } ], "mirrors": [] } },
                { "name": null, "match": [], "timeout": "2s", "retries": 3, "fault": "delay 7s 100%",
                  "action": { "type": "route", "destinations": [
                    { "cluster": "outbound||v1|reviews.default.svc.cluster.local", "weight": 80 },
                    { "cluster": "outbound||v3|reviews.default.svc.cluster.local", "weight": 20 } ],
                    "mirrors": [ { "cluster": "outbound||v2|reviews.default.svc.cluster.local", "percentage": 10 } ] } }
              ]
            },
            {
              "name": "default/bookinfo-gateway:8080", "gateway": "default/bookinfo-gateway", "ports": [8080], "virtualService": null,
              "domains": ["*"],
              "routes": [
                { "match": ["uri prefix /old"], "action": { "type": "redirect", "code": 302, "uri": "/new", "authority": null } },
                { "match": ["uri exact /down"], "action": { "type": "directResponse", "status": 503, "body": "maintenance" } },
                { "match": ["uri prefix /api"], "action": { "type": "route",
                  "destinations": [ { "cluster": "outbound|9080||productpage.default.svc.cluster.local", "weight": 100 } ],
                  "rewrite": { "uri": "/", "authority": "pp", "uriRegex": null }, "mirrors": [] } }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void Build_Table_OneRowPerMatchBlockInRuleOrder()
    {
        var text = Write(RoutesTable.Build(JsonNode.Parse(Document)!, wide: false));

        Assert.Equal(
            """
            NAME                                DOMAINS                                     MATCH                         ACTION                                                                                                   VIRTUAL-SERVICE
            reviews.default.svc.cluster.local   reviews.default.svc.cluster.local +2 more   header end-user exact jason   outbound||v2|reviews.default.svc.cluster.local                                                           default/reviews
            reviews.default.svc.cluster.local   reviews.default.svc.cluster.local +2 more   uri prefix /v2                outbound||v2|reviews.default.svc.cluster.local                                                           default/reviews
            reviews.default.svc.cluster.local   reviews.default.svc.cluster.local +2 more   *                             outbound||v1|reviews.default.svc.cluster.local 80%, outbound||v3|reviews.default.svc.cluster.local 20%   default/reviews
            default/bookinfo-gateway:8080       *                                           uri prefix /old               redirect 302 uri=/new                                                                                    <default>
            default/bookinfo-gateway:8080       *                                           uri exact /down               direct-response 503                                                                                      <default>
            default/bookinfo-gateway:8080       *                                           uri prefix /api               outbound|9080||productpage.default.svc.cluster.local rewrite uri=/ authority=pp                          <default>

            """,
            text);
    }

    [Fact]
    public void Build_Wide_AddsRuleNameGatewayPortsTimeoutRetriesFaultAndMirrors()
    {
        var lines = Write(RoutesTable.Build(JsonNode.Parse(Document)!, wide: true)).Split('\n');

        Assert.StartsWith("NAME", lines[0]);
        Assert.Contains("MIRRORS", lines[0]);
        Assert.Contains("reviews.default.svc.cluster.local,reviews,reviews.default", lines[1]);
        Assert.Contains("jason", lines[1]);
        Assert.Matches(@"\*\s+outbound\|\|v1\|.* 80%.*default/reviews\s+mesh\s+-\s+2s\s+3\s+delay 7s 100%\s+outbound\|\|v2\|reviews\.default\.svc\.cluster\.local 10%$", lines[3]);
        Assert.Matches(@"default/bookinfo-gateway\s+8080\s+-\s+-\s+-\s+-$", lines[4]);
    }

    [Theory]
    [InlineData(50, 100, 2, "50%")]
    [InlineData(1, 3, 3, "33.3%")]
    [InlineData(0, 0, 4, "25%")]
    public void Share_Weights_AreShownAsPercentOfTotal(long weight, long total, int count, string expected) =>
        Assert.Equal(expected, RouteActionText.Share(weight, total, count));

    [Fact]
    public void Build_CompiledSidecarRoutes_ShowsEveryActionKind()
    {
        var document = RoundTrip(GatewayMesh.Proxy.Admin.RoutesDocument.Create(Compile(Ratings, "ratings"), RoutingFixtures.Sidecar()));

        var rows = Write(RoutesTable.Build(document, wide: false)).Split('\n').Where(l => l.StartsWith("VirtualService/default/ratings", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, rows.Count);
        Assert.All(rows, row => Assert.Contains("ratings.default.svc.cluster.local +3 more", row));
        Assert.Matches(@"uri prefix /old\s+redirect 302 uri=/new\s+default/ratings$", rows[0]);
        Assert.Matches(@"uri exact /down\s+direct-response 503\s+default/ratings$", rows[1]);
        Assert.Matches(@"method exact POST && header x-test regex a\.\*\s+direct-response 503\s+default/ratings$", rows[2]);
        Assert.Matches(@"uri prefix /api/v1\s+outbound\|9080\|v1\|ratings\.default\.svc\.cluster\.local rewrite uri=/v1\s+default/ratings$", rows[3]);
        Assert.Matches(@"\*\s+outbound\|\|\|ratings\.default\.svc\.cluster\.local\s+default/ratings$", rows[4]);
    }
}
