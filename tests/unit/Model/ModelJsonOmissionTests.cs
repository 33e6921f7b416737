using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using Xunit;

namespace GatewayMesh.UnitTests.Model;

public class ModelJsonOmissionTests
{
    [Fact]
    public void Serialize_EmptySpecs_WriteEmptyObjects()
    {
        Assert.Equal("{}", MeshJson.Serialize(new GatewaySpec()));
        Assert.Equal("{}", MeshJson.Serialize(new VirtualServiceSpec()));
        Assert.Equal("{}", MeshJson.Serialize(new DestinationRuleSpec()));
        Assert.Equal("{}", MeshJson.Serialize(new ServiceEntrySpec()));
        Assert.Equal("{}", MeshJson.Serialize(new PeerAuthenticationSpec()));
        Assert.Equal("{}", MeshJson.Serialize(new AuthorizationPolicySpec()));
    }

    [Fact]
    public void Serialize_RouteWithOnlySomeFields_OmitsNullsAndEmptyCollections()
    {
        var spec = new VirtualServiceSpec
        {
            Hosts = ["reviews"],
            Http = [new HttpRoute { Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews" } }] }],
        };

        var json = MeshJson.Serialize(spec);

        Assert.Equal("""{"hosts":["reviews"],"http":[{"route":[{"destination":{"host":"reviews"}}]}]}""", json);
    }

    [Fact]
    public void Serialize_ExplicitFalseAndZero_AreKept()
    {
        var json = JsonNode.Parse(MeshJson.Serialize(new HttpRetry { Attempts = 0, RetryRemoteLocalities = false }))!;

        Assert.Equal(0, (int)json["attempts"]!);
        Assert.False((bool)json["retryRemoteLocalities"]!);
    }
}
