using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Telemetry.Peers;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Xunit;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.UnitTests.Observability;

public sealed class PeerMetadataTests
{
    private static ValueMap<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value).ToValueMap();

    [Fact]
    public void EncodeDecode_RoundTrips_AndInternsTheWorkload()
    {
        var self = WorkloadInfo.From("reviews-v2", "default", Labels(("app", "reviews"), ("version", "v2")), "Kubernetes", "bookinfo-reviews");
        var header = PeerMetadata.Encode(self, "cluster.local");
        var decoded = PeerMetadata.Decode(header);
        Assert.Same(self, decoded);
        Assert.Equal("reviews", decoded!.App);
        Assert.Equal("v2", decoded.CanonicalRevision);
        Assert.Equal("bookinfo-reviews", decoded.ServiceAccount);
    }

    [Fact]
    public void Decode_IstioStructWithCanonicalLabels_ReadsThem()
    {
        var labels = new Struct();
        labels.Fields["app"] = Value.ForString("ratings");
        labels.Fields["service.istio.io/canonical-name"] = Value.ForString("ratings-canonical");
        labels.Fields["service.istio.io/canonical-revision"] = Value.ForString("r7");
        var metadata = new Struct();
        metadata.Fields["NAME"] = Value.ForString("ratings-v1-abc");
        metadata.Fields["WORKLOAD_NAME"] = Value.ForString("ratings-v1");
        metadata.Fields["NAMESPACE"] = Value.ForString("bookinfo");
        metadata.Fields["LABELS"] = Value.ForStruct(labels);
        var info = PeerMetadata.Decode(Convert.ToBase64String(metadata.ToByteArray()))!;
        Assert.Equal("ratings-v1", info.Name);
        Assert.Equal("bookinfo", info.Namespace);
        Assert.Equal("ratings-canonical", info.CanonicalService);
        Assert.Equal("r7", info.CanonicalRevision);
        Assert.Equal("unknown", info.Version);
        Assert.Equal("unknown", info.Cluster);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!!")]
    [InlineData("AAECAwQF")] // base64, not a Struct
    public void Decode_MissingOrMalformed_IsUnknownPeer(string? header)
    {
        Assert.Null(PeerMetadata.Decode(header));
    }

    [Fact]
    public void Decode_OversizedOrHostileValues_AreRefusedOrCleaned()
    {
        Assert.Null(PeerMetadata.Decode(new string('A', PeerMetadata.MaxHeaderLength + 4)));
        var hostile = WorkloadInfo.From("x\ny\u0000z" + new string('w', 1000), "ns", Labels(("app", "a\r\nb")), "c");
        Assert.Equal(WorkloadInfo.MaxValueLength, hostile.Name.Length);
        Assert.StartsWith("x_y_z", hostile.Name, StringComparison.Ordinal);
        Assert.Equal("a__b", hostile.App);
    }

    [Fact]
    public void NodeId_IsEnvoysShape()
    {
        var self = WorkloadInfo.From("productpage-v1", "default", Labels(("app", "productpage")), "Kubernetes");
        Assert.Equal("sidecar~127.0.0.1~productpage-v1.default~default.svc.cluster.local", PeerMetadata.NodeId("sidecar", "127.0.0.1", self));
    }

    [Fact]
    public void WorkloadOf_KnownEndpoint_AllocatesNothing()
    {
        var workloads = new MeshWorkloads(new ProxyIdentity(ProxyRole.Sidecar, "default", Labels(("app", "productpage")), "productpage"), null);
        var endpoint = new Endpoint("10.0.0.7", 9080, Labels(("app", "ratings"), ("version", "v1")), "ratings-v1-abc", "bookinfo-ratings", "default");
        var first = workloads.WorkloadOf(endpoint);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Same(first, workloads.WorkloadOf(endpoint));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal("ratings-v1", first.Name);
    }
}
