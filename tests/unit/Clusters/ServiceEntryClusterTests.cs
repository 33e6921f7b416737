using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Clusters.ClusterSnapshots;

namespace GatewayMesh.UnitTests.Clusters;

public class ServiceEntryClusterTests
{
    private const string Entry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: legacy
        spec:
          hosts:
          - legacy.example.com
          location: MESH_EXTERNAL
          resolution: STATIC
          ports:
          - number: 80
            name: http
            protocol: HTTP
          endpoints:
          - address: 192.168.1.10
            labels:
              version: v1
          - address: 192.168.1.11
            ports:
              http: 8080
            labels:
              version: v2
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: legacy
        spec:
          host: legacy.example.com
          subsets:
          - name: v2
            labels:
              version: v2
        """;

    [Fact]
    public void Compile_StaticServiceEntry_BecomesClusterOfItsEndpoints()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([], Entry));

        Assert.True(table.TryGet(new ClusterKey("legacy.example.com", null, null), out var all));
        Assert.Equal(["192.168.1.10:80", "192.168.1.11:8080"], all.Endpoints.Select(e => e.ToString()));
        Assert.True(table.TryGet(new ClusterKey("legacy.example.com", "v2", null), out var v2));
        Assert.Equal(["192.168.1.11:8080"], v2.Endpoints.Select(e => e.ToString()));
    }

    [Fact]
    public void Compile_ServiceEntryPortProtocol_IsTheClustersProtocol()
    {
        var http = ClusterTableCompiler.Compile(Snapshot([], Entry));
        var grpc = ClusterTableCompiler.Compile(Snapshot([], Entry.Replace("protocol: HTTP", "protocol: GRPC", StringComparison.Ordinal)));

        Assert.True(http.TryGet(new ClusterKey("legacy.example.com", "v2", null), out var httpCluster));
        Assert.Equal(UpstreamProtocol.Http1, httpCluster.Protocol);
        Assert.True(grpc.TryGet(new ClusterKey("legacy.example.com", "v2", null), out var grpcCluster));
        Assert.Equal(UpstreamProtocol.Http2, grpcCluster.Protocol);
    }

    [Fact]
    public void Compile_DnsServiceEntry_IsNotAStaticCluster()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([], Entry.Replace("resolution: STATIC", "resolution: DNS", StringComparison.Ordinal)));

        Assert.False(table.TryGet(new ClusterKey("legacy.example.com", null, null), out _));
    }
}
