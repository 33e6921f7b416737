using System.Text.Json.Nodes;
using GatewayMesh.Cli.ProxyConfig;
using Xunit;
using static GatewayMesh.UnitTests.ProxyConfig.ProxyConfigFixtures;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class ClustersAndEndpointsTableTests
{
    private const string Clusters = """
        { "revision": 4, "loaded": true, "clusters": [
          { "name": "outbound|||reviews.default.svc.cluster.local", "host": "reviews.default.svc.cluster.local", "subset": null, "port": null,
            "loadBalancer": "ROUND_ROBIN", "endpoints": 3, "healthyEndpoints": 2, "outlierDetection": true, "connectionPool": false, "tls": null },
          { "name": "outbound|9080|v1|reviews.default.svc.cluster.local", "host": "reviews.default.svc.cluster.local", "subset": "v1", "port": 9080,
            "loadBalancer": "CONSISTENT_HASH(header x-user)", "endpoints": 1, "healthyEndpoints": 1, "outlierDetection": false, "connectionPool": true, "tls": "ISTIO_MUTUAL" }
        ] }
        """;

    private const string Endpoints = """
        { "revision": 4, "loaded": true, "endpoints": [
          { "address": "127.0.0.1:41001", "cluster": "outbound|||reviews.default.svc.cluster.local", "health": "HEALTHY", "ejectedUntil": null,
            "instance": "reviews-v1-1", "serviceAccount": "bookinfo-reviews", "labels": { "version": "v1", "app": "reviews" } },
          { "address": "127.0.0.1:41002", "cluster": "outbound|||reviews.default.svc.cluster.local", "health": "EJECTED", "ejectedUntil": "2030-01-02T03:04:05+00:00",
            "instance": "reviews-v2-1", "serviceAccount": "", "labels": {} }
        ] }
        """;

    [Fact]
    public void ClustersTable_Build_ShowsNameBalancerAndCounts() =>
        Assert.Equal(
            """
            CLUSTER                                              LB-POLICY                        ENDPOINTS   HEALTHY
            outbound|||reviews.default.svc.cluster.local         ROUND_ROBIN                      3           2
            outbound|9080|v1|reviews.default.svc.cluster.local   CONSISTENT_HASH(header x-user)   1           1

            """,
            Write(ClustersTable.Build(JsonNode.Parse(Clusters)!, wide: false)));

    [Fact]
    public void ClustersTable_Wide_AddsPolicies()
    {
        var lines = Write(ClustersTable.Build(JsonNode.Parse(Clusters)!, wide: true)).Split('\n');

        Assert.EndsWith("OUTLIER-DETECTION   CONNECTION-POOL   TLS", lines[0]);
        Assert.Matches(@"2\s+yes\s+no\s+-$", lines[1]);
        Assert.Matches(@"1\s+no\s+yes\s+ISTIO_MUTUAL$", lines[2]);
    }

    [Fact]
    public void EndpointsTable_Build_ShowsHealthAndSortedLabels() =>
        Assert.Equal(
            """
            ENDPOINT          HEALTH    CLUSTER                                        LABELS
            127.0.0.1:41001   HEALTHY   outbound|||reviews.default.svc.cluster.local   app=reviews,version=v1
            127.0.0.1:41002   EJECTED   outbound|||reviews.default.svc.cluster.local   <none>

            """,
            Write(EndpointsTable.Build(JsonNode.Parse(Endpoints)!, wide: false)));

    [Fact]
    public void EndpointsTable_Wide_AddsInstanceAccountAndEjectionDeadline()
    {
        var lines = Write(EndpointsTable.Build(JsonNode.Parse(Endpoints)!, wide: true)).Split('\n');

        Assert.Matches(@"reviews-v1-1\s+bookinfo-reviews\s+-$", lines[1]);
        Assert.Matches(@"reviews-v2-1\s+-\s+2030-01-02T03:04:05\+00:00$", lines[2]);
    }

    [Fact]
    public void Filter_ShortFqdnAndStatus_KeepOnlyMatchingEndpoints()
    {
        var document = JsonNode.Parse(Endpoints)!.AsObject();

        new ProxyConfigFilter(Fqdn: "reviews", Status: "ejected").ApplyTo(document, ProxyConfigKind.Endpoints);

        Assert.Equal(["127.0.0.1:41002"], document["endpoints"]!.AsArray().Select(e => e!["address"]!.ToString()));
    }

    [Fact]
    public void Filter_SubsetAndPort_KeepOnlyThatCluster()
    {
        var document = JsonNode.Parse(Clusters)!.AsObject();

        new ProxyConfigFilter(Subset: "v1", Port: 9080).ApplyTo(document, ProxyConfigKind.Clusters);

        Assert.Equal(["outbound|9080|v1|reviews.default.svc.cluster.local"], document["clusters"]!.AsArray().Select(c => c!["name"]!.ToString()));
    }

    [Theory]
    [InlineData("reviews", "reviews.default.svc.cluster.local", true)]
    [InlineData("reviews.default", "reviews.default.svc.cluster.local", true)]
    [InlineData("reviews.default.svc.cluster.local", "reviews.default.svc.cluster.local", true)]
    [InlineData("review", "reviews.default.svc.cluster.local", false)]
    [InlineData("ratings", "reviews.default.svc.cluster.local", false)]
    public void HostMatches_Fqdn_MatchesWholeLabels(string fqdn, string host, bool expected) =>
        Assert.Equal(expected, new ProxyConfigFilter(Fqdn: fqdn).HostMatches(host));
}
