using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Clusters.ClusterSnapshots;

namespace GatewayMesh.UnitTests.Clusters;

public class ClusterPolicyTests
{
    private const string Rule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
            connectionPool:
              tcp:
                maxConnections: 100
            portLevelSettings:
            - port:
                number: 9080
              loadBalancer:
                simple: RANDOM
            - port:
                number: 9443
              outlierDetection:
                consecutive5xxErrors: 7
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
            trafficPolicy:
              loadBalancer:
                simple: LEAST_REQUEST
              portLevelSettings:
              - port:
                  number: 9080
                connectionPool:
                  tcp:
                    maxConnections: 5
        """;

    private static Cluster Get(ClusterTable table, string? subset, int? port = null)
    {
        Assert.True(table.TryGet(new ClusterKey(ReviewsFqdn, subset, port), out var cluster));
        return cluster;
    }

    [Fact]
    public void Compile_SubsetPolicy_OverridesHostPolicyFieldByField()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("reviews", "v1"), Instance("reviews", "v2")], Rule));

        var host = Get(table, null).Policy;
        var v1 = Get(table, "v1").Policy;
        var v2 = Get(table, "v2").Policy;
        Assert.Equal(SimpleLB.RoundRobin, host.LoadBalancer?.Simple);
        Assert.Equal(host, v1);
        Assert.Equal(SimpleLB.LeastRequest, v2.LoadBalancer?.Simple);
        Assert.Equal(100, v2.ConnectionPool?.Tcp?.MaxConnections);
    }

    [Fact]
    public void Compile_PortLevelSettings_MergeByPortAndGetPortedClusters()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("reviews", "v2")], Rule));

        var v2 = Get(table, "v2").Policy;
        Assert.Equal([9080, 9443], v2.PortLevelSettings.Keys);
        Assert.Equal(5, v2.PortLevelSettings[9080].ConnectionPool?.Tcp?.MaxConnections);
        Assert.Null(v2.PortLevelSettings[9080].LoadBalancer);
        Assert.Equal(7, v2.PortLevelSettings[9443].OutlierDetection?.Consecutive5xxErrors);

        var ported = Get(table, "v2", 9080);
        Assert.Equal(SimpleLB.LeastRequest, ported.Policy.LoadBalancer?.Simple);
        Assert.Equal(5, ported.Policy.ConnectionPool?.Tcp?.MaxConnections);
        Assert.Equal(Get(table, "v2").Endpoints, ported.Endpoints);
        Assert.Equal(SimpleLB.Random, Get(table, null, 9080).Policy.LoadBalancer?.Simple);
        Assert.Equal(100, Get(table, null, 9080).Policy.ConnectionPool?.Tcp?.MaxConnections);
    }
}
