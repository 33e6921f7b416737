using GatewayMesh.Core.Config.Model;
using Xunit;

namespace GatewayMesh.UnitTests.Model;

public class ModelEqualityTests
{
    public static TheoryData<string> Kinds() => [.. ResourceKinds.All.Select(k => k.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Equals_SeparatelyBuiltEqualTrees_AreEqualWithEqualHashCodes(string kind)
    {
        var first = ModelSamples.All().Single(r => r.Kind == kind);
        var second = ModelSamples.All().Single(r => r.Kind == kind);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Equals_DeepHttpRouteChange_IsNotEqual()
    {
        var original = ModelSamples.VirtualService();
        var route = original.Spec.Http[0];
        var destination = route.Route[0].Destination!;
        var changedRoute = route with
        {
            Route = [route.Route[0] with { Destination = destination with { Port = new PortSelector { Number = 9081 } } }],
        };
        var changed = original with { Spec = original.Spec with { Http = [changedRoute] } };

        Assert.NotEqual(original, changed);
        Assert.Equal(ModelSamples.VirtualService(), original);
    }

    [Fact]
    public void Equals_ChangedMapValueDeepInTrafficPolicy_IsNotEqual()
    {
        var original = ModelSamples.DestinationRule();
        var locality = original.Spec.TrafficPolicy!.LoadBalancer!.LocalityLbSetting!;
        var distribute = locality.Distribute[0] with { To = locality.Distribute[0].To.SetItem("us-west/zone2/*", 21) };
        var changed = original with
        {
            Spec = original.Spec with
            {
                TrafficPolicy = original.Spec.TrafficPolicy with
                {
                    LoadBalancer = original.Spec.TrafficPolicy.LoadBalancer with { LocalityLbSetting = locality with { Distribute = [distribute] } },
                },
            },
        };

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void Equals_ChangedAuthorizationSourceListItem_IsNotEqual()
    {
        var original = ModelSamples.AuthorizationPolicy();
        var rule = original.Spec.Rules[0];
        var source = rule.From[0].Source! with { Namespaces = ["other"] };
        var changed = original with { Spec = original.Spec with { Rules = [rule with { From = [new RuleFrom { Source = source }] }] } };

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void Equals_DurationsWithDifferentSpellingSameValue_AreEqual()
    {
        var a = new HttpRetry { PerTryTimeout = MeshDuration.Parse("1s") };
        var b = new HttpRetry { PerTryTimeout = MeshDuration.Parse("1000ms") };

        Assert.Equal(a, b);
    }
}
