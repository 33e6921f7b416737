using Xunit;

namespace GatewayMesh.UnitTests.Validation;

/// <summary>Issue 15: <c>localityLbSetting</c> refused with Istio's rules, each error at its field path.</summary>
public class LocalityLbValidationTests
{
    private const string Lb = "{host: reviews, trafficPolicy: {outlierDetection: {consecutive5xxErrors: 3}, loadBalancer: {localityLbSetting: ";
    private const string Path = "spec.trafficPolicy.loadBalancer.localityLbSetting";

    public static TheoryData<string, string[]> Cases() => new()
    {
        {
            Lb + "{distribute: [{from: \"us-east/*\", to: {\"us-east/*\": 100}}], failover: [{from: us-east, to: eu-west}]}}}",
            [$"{Path}: set distribute or failover, not both"]
        },
        {
            Lb + "{distribute: [{from: \"us-east/*\", to: {\"us-east/a\": 60, \"eu-west/*\": 30}}]}}}",
            [$"{Path}.distribute[0].to: weights must sum to 100, got 90"]
        },
        {
            Lb + "{distribute: [{from: \"us-east/*\", to: {\"us-east/a\": 0, \"eu-west/*\": 100}}]}}}",
            [$"{Path}.distribute[0].to[us-east/a]: weight must be from 1 to 100, got 0"]
        },
        {
            Lb + "{distribute: [{to: {\"us-east/*\": 100}}]}}}",
            [$"{Path}.distribute[0].from: a locality is required (region/zone/subzone, a trailing * matches any)"]
        },
        {
            Lb + "{distribute: [{from: \"us-east/*\", to: {\"us-east/*\": 50, \"us-east/a\": 50}}]}}}",
            [$"{Path}.distribute[0].to[us-east/a]: locality \"us-east/a\" overlaps \"us-east/*\" ({Path}.distribute[0].to[us-east/*])"]
        },
        {
            Lb + "{distribute: [{from: \"us-east/*\", to: {\"*\": 100}}, {from: \"us-east/a\", to: {\"*\": 100}}]}}}",
            [$"{Path}.distribute[1].from: locality \"us-east/a\" overlaps \"us-east/*\" ({Path}.distribute[0].from)"]
        },
        {
            Lb + "{distribute: [{from: \"us-*/a\", to: {\"us-east//b\": 100}}]}}}",
            [$"{Path}.distribute[0].from: '*' may appear once, as the whole last part, got \"us-*/a\"",
             $"{Path}.distribute[0].to[us-east//b]: a locality is region, region/zone or region/zone/subzone with no empty part, got \"us-east//b\""]
        },
        {
            Lb + "{failover: [{from: us-east, to: us-east}, {from: \"us-east/a\", to: \"*\"}, {to: eu-west}]}}}",
            [$"{Path}.failover[0]: from and to must be different regions, both are \"us-east\"",
             $"{Path}.failover[1].from: failover names a region only (no '/' or '*'), got \"us-east/a\"",
             $"{Path}.failover[1].to: failover names a region only (no '/' or '*'), got \"*\"",
             $"{Path}.failover[2].from: a region is required"]
        },
        {
            Lb + "{failover: [{from: us-east, to: eu-west}], failoverPriority: [\"topology.kubernetes.io/zone\", \"\"]}}}",
            [$"{Path}.failoverPriority[0]: topology label \"topology.kubernetes.io/zone\" cannot be combined with failover, which already orders by region",
             $"{Path}.failoverPriority[1]: a label name is required (label or label=value), got \"\""]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_BadLocalityLbSetting_ReportsEveryErrorWithItsPath(string spec, string[] expected)
    {
        Assert.Equal(expected.Select(e => "DestinationRule default/x: " + e), ValidationHarness.Errors("DestinationRule", spec + "}"));
    }

    [Theory]
    [InlineData("{distribute: [{from: \"us-east/a/*\", to: {\"us-east/a/*\": 70, \"us-east/b\": 20, \"eu-west\": 10}}, {from: \"eu-west/*\", to: {\"*\": 100}}]}")]
    [InlineData("{failover: [{from: us-east, to: eu-west}, {from: eu-west, to: us-east}], failoverPriority: [network, \"rack=r1\"]}")]
    [InlineData("{enabled: false}")]
    public void Validate_GoodLocalityLbSetting_NoError(string setting)
    {
        Assert.Empty(ValidationHarness.Errors("DestinationRule", Lb + setting + "}}}"));
    }
}
