using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using Xunit;

namespace GatewayMesh.UnitTests.Model;

public class ModelJsonRoundTripTests
{
    public static TheoryData<string> Kinds() => [.. ResourceKinds.All.Select(k => k.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SerializeResource_FullyPopulatedKind_DeserializesToEqualResource(string kind)
    {
        var resource = ModelSamples.All().Single(r => r.Kind == kind);

        var json = MeshJson.SerializeResource(resource);
        var back = MeshJson.DeserializeResource(json);

        Assert.IsType(resource.GetType(), back);
        Assert.Equal(resource, back);
        Assert.Equal(json, MeshJson.SerializeResource(back));
    }

    [Fact]
    public void Samples_EveryModelProperty_IsPopulatedInSomeSample()
    {
        var declared = ModelShape.AllPropertyNames().ToHashSet();
        var populated = new HashSet<string>();
        foreach (var resource in ModelSamples.All())
        {
            ModelShape.CollectPopulated(((dynamic)resource).Spec, populated);
        }

        Assert.Empty(declared.Except(populated).Order());
    }

    [Fact]
    public void SerializeResource_FieldsWithDigitsAndAcronyms_UseIstioJsonNames()
    {
        var dr = JsonNode.Parse(MeshJson.SerializeResource(ModelSamples.DestinationRule()))!["spec"]!["trafficPolicy"]!;
        var vs = JsonNode.Parse(MeshJson.SerializeResource(ModelSamples.VirtualService()))!["spec"]!["http"]![0]!;
        var pa = JsonNode.Parse(MeshJson.SerializeResource(ModelSamples.PeerAuthentication()))!["spec"]!;
        var ap = JsonNode.Parse(MeshJson.SerializeResource(ModelSamples.AuthorizationPolicy()))!["spec"]!;
        var gw = JsonNode.Parse(MeshJson.SerializeResource(ModelSamples.Gateway()))!["spec"]!["servers"]![0]!["tls"]!;

        Assert.Equal(5, (int)dr["outlierDetection"]!["consecutive5xxErrors"]!);
        Assert.Equal(1, (int)dr["connectionPool"]!["http"]!["http1MaxPendingRequests"]!);
        Assert.Equal("UPGRADE", (string)dr["connectionPool"]!["http"]!["h2UpgradePolicy"]!);
        Assert.True((bool)dr["loadBalancer"]!["consistentHash"]!["useSourceIp"]!);
        Assert.Equal(65537, (long)dr["loadBalancer"]!["consistentHash"]!["maglev"]!["tableSize"]!);
        Assert.Equal("PROTOCOL_ERROR", (string)vs["fault"]!["abort"]!["http2Error"]!);
        Assert.Equal("unavailable", (string)vs["directResponse"]!["body"]!["string"]!);
        Assert.Equal("PERMISSIVE", (string)pa["portLevelMtls"]!["8080"]!["mode"]!);
        Assert.Equal("waypoint", (string)ap["targetRef"]!["name"]!);
        Assert.Equal("TLSV1_2", (string)gw["minProtocolVersion"]!);
        Assert.Equal(12.5, (double)vs["fault"]!["abort"]!["percentage"]!["value"]!);
    }

    [Fact]
    public void Deserialize_IstioShapedJson_BindsNestedFields()
    {
        const string json = """
            {"kind":"DestinationRule","apiVersion":"networking.istio.io/v1","metadata":{"name":"r"},
             "spec":{"host":"reviews","trafficPolicy":{"loadBalancer":{"simple":"LEAST_REQUEST",
               "localityLbSetting":{"distribute":[{"from":"a/*","to":{"b/*":100}}]}},
               "tls":{"mode":"ISTIO_MUTUAL"},"outlierDetection":{"consecutive5xxErrors":3,"interval":"1.5s"}}}}
            """;

        var rule = Assert.IsType<DestinationRule>(MeshJson.DeserializeResource(json));

        var policy = rule.Spec.TrafficPolicy!;
        Assert.Equal(SimpleLB.LeastRequest, policy.LoadBalancer!.Simple);
        Assert.Equal(100, policy.LoadBalancer.LocalityLbSetting!.Distribute[0].To["b/*"]);
        Assert.Equal(ClientTlsMode.IstioMutual, policy.Tls!.Mode);
        Assert.Equal(3, policy.OutlierDetection!.Consecutive5xxErrors);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.OutlierDetection.Interval!.Value.Value);
    }
}
