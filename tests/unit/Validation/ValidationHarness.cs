using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Validation;

/// <summary>Builds one resource from a flow-style YAML spec and returns its validation errors as text.</summary>
internal static class ValidationHarness
{
    public static ConfigResource Parse(string kind, string spec, string name = "x", string ns = "default")
    {
        var yaml = $"apiVersion: {ResourceKinds.Get(kind).PreferredApiVersion}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec: {spec}\n";
        var parsed = ConfigParser.Parse(yaml);
        Assert.Empty(parsed.Errors);
        return Assert.Single(parsed.Resources);
    }

    public static string[] Errors(string kind, string spec) =>
        [.. ConfigValidator.Validate(Parse(kind, spec)).Select(e => e.ToString())];
}
