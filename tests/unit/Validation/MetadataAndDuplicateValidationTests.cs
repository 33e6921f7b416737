using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class MetadataAndDuplicateValidationTests
{
    private static VirtualService Service(string name, string ns = "default", ValueMap<string, string> labels = default) => new()
    {
        Metadata = new ResourceMetadata { Name = name, Namespace = ns, Labels = labels },
        Spec = new VirtualServiceSpec
        {
            Hosts = ["reviews"],
            Http = [new HttpRoute { Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews" } }] }],
        },
    };

    private static string[] Errors(ConfigResource resource) => [.. ConfigValidator.Validate(resource).Select(e => e.ToString())];

    [Fact]
    public void Validate_MissingName_IsRequired()
    {
        Assert.Equal(["VirtualService default/: metadata.name: name is required"], Errors(Service("")));
    }

    [Theory]
    [InlineData("Reviews")]
    [InlineData("reviews-")]
    [InlineData("re_views")]
    [InlineData("a..b")]
    public void Validate_NameNotDns1123Subdomain_IsRejected(string name)
    {
        Assert.Equal(
            [$"VirtualService default/{name}: metadata.name: invalid name \"{name}\": expected a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', starting and ending alphanumeric, at most 253 characters)"],
            Errors(Service(name)));
    }

    [Fact]
    public void Validate_NameOf254Characters_IsRejectedAnd253Accepted()
    {
        var ok = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];
        Assert.Empty(Errors(Service(ok.TrimEnd('.'))));
        Assert.Single(Errors(Service(ok + "a")));
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("team.a")]
    public void Validate_NamespaceNotDns1123Label_IsRejected(string ns)
    {
        Assert.Equal(
            [$"VirtualService {ns}/reviews: metadata.namespace: invalid namespace \"{ns}\": expected a DNS-1123 label (lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)"],
            Errors(Service("reviews", ns)));
    }

    [Fact]
    public void Validate_NamespaceOf64Characters_IsRejected()
    {
        Assert.Single(Errors(Service("reviews", new string('n', 64))));
    }

    [Fact]
    public void Validate_BadLabelKeysAndValues_AreAllReported()
    {
        var labels = new Dictionary<string, string> { ["app"] = "-bad", ["Example.com/x"] = "ok", ["app.kubernetes.io/name"] = "reviews", ["a b"] = "" }.ToValueMap();

        Assert.Equal(
            [
                "VirtualService default/reviews: metadata.labels[Example.com/x]: invalid key prefix \"Example.com\": expected a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.')",
                "VirtualService default/reviews: metadata.labels[a b]: invalid key \"a b\": expected an optional prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric",
                "VirtualService default/reviews: metadata.labels[app]: invalid label value \"-bad\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric",
            ],
            Errors(Service("reviews", labels: labels)));
    }

    [Fact]
    public void ValidateAll_SameKindNamespaceNameTwice_ReportsTheSecondWithTheFirstDocument()
    {
        var errors = ConfigValidator.ValidateAll([Service("ratings"), Service("reviews"), Service("reviews")]).Select(e => e.ToString());

        Assert.Equal(["VirtualService default/reviews: metadata.name: duplicate VirtualService default/reviews; already defined in document 2"], errors);
    }

    [Fact]
    public void ValidateAll_SameNameInOtherNamespaceOrKind_IsNotADuplicate()
    {
        var rule = new DestinationRule { Metadata = new ResourceMetadata { Name = "reviews" }, Spec = new DestinationRuleSpec { Host = "reviews" } };

        Assert.Empty(ConfigValidator.ValidateAll([Service("reviews"), Service("reviews", "prod"), rule]));
    }

    [Fact]
    public void ValidateAll_ErrorsOfEveryResource_AreCollectedInSetOrder()
    {
        var errors = ConfigValidator.ValidateAll([Service("B"), Service("ok"), Service("B")]).Select(e => e.ToString()).ToList();

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("VirtualService default/B: metadata.name: invalid name", errors[0]);
        Assert.Equal("VirtualService default/B: metadata.name: duplicate VirtualService default/B; already defined in document 1", errors[1]);
        Assert.StartsWith("VirtualService default/B: metadata.name: invalid name", errors[2]);
    }
}
