using System.Text;
using GatewayMesh.Core.Config.Parsing;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class ParseLimitsTests
{
    private const string Gateway = "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\n";

    [Fact]
    public void Parse_BillionLaughs_IsRejectedByTheNodeLimit()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            var aliases = string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9));
            yaml.Append($"a{i}: &a{i} [{aliases}]\n");
        }

        var result = ConfigParser.Parse(yaml.ToString());

        // a0..a4 expand to 10 + 91 + 820 + 7381 + 66430 nodes; a5 (597871) breaks the 200000 limit on line 6.
        var error = Assert.Single(result.Errors);
        Assert.Equal("document 1: too many nodes: the input expands to more than 200000 nodes (aliases count in full) at line 6", error.ToString());
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_AliasesWithinTheLimit_AreCountedAcrossDocuments()
    {
        var limits = new ParseLimits { MaxNodes = 40 };
        var document = Gateway + "spec: {selector: &s {a: b, c: d}, servers: [{hosts: [x]}]}\n";

        Assert.True(ConfigParser.Parse(document, limits: limits).Succeeded);
        var twice = ConfigParser.Parse(document + "---\n" + document, limits: limits);
        Assert.StartsWith("document 2: too many nodes", Assert.Single(twice.Errors).ToString());
        Assert.Single(twice.Resources);
    }

    [Fact]
    public void Parse_DeepFlowNesting_IsRejectedAtTheDepthLimit()
    {
        var yaml = new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Single(ConfigParser.Parse(yaml).Errors);

        Assert.Equal("document 1: nesting is deeper than the limit of 64 levels at line 1, column 65", error.ToString());
    }

    [Fact]
    public void Parse_DeepBlockNesting_IsRejectedAtTheDepthLimit()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            yaml.Append(new string(' ', i * 2)).Append("k:\n");
        }

        var error = Assert.Single(ConfigParser.Parse(yaml.ToString(), limits: new ParseLimits { MaxDepth = 10 }).Errors);

        Assert.Equal("document 1: nesting is deeper than the limit of 10 levels at line 11, column 21", error.ToString());
    }

    [Fact]
    public void Parse_AliasThatDeepensPastTheLimit_IsRejected()
    {
        var yaml = "a: &x [[[[1]]]]\nb: [[[[*x]]]]\n";

        var error = Assert.Single(ConfigParser.Parse(yaml, limits: new ParseLimits { MaxDepth = 8 }).Errors);

        Assert.StartsWith("document 1: nesting is deeper than the limit of 8 levels at line 2", error.ToString());
    }

    [Fact]
    public void Parse_OversizeInput_IsRejectedBeforeReading()
    {
        var result = ConfigParser.Parse(Gateway + "# " + new string('x', 2000), "big.yaml", new ParseLimits { MaxInputBytes = 1000 });

        Assert.Equal(["big.yaml: the input is larger than the limit of 1000 bytes"], result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_MultiByteCharacters_CountAsBytes()
    {
        var text = Gateway + "# " + new string('é', 600);
        Assert.True(text.Length < 1000);

        Assert.False(ConfigParser.Parse(text, limits: new ParseLimits { MaxInputBytes = 1000 }).Succeeded);
        Assert.True(ConfigParser.Parse(text, limits: new ParseLimits { MaxInputBytes = 2000 }).Succeeded);
    }

    [Fact]
    public void Parse_LongScalar_IsRejected()
    {
        var yaml = Gateway + $"spec: {{selector: {{a: {new string('v', 101)}}}}}";

        var error = Assert.Single(ConfigParser.Parse(yaml, limits: new ParseLimits { MaxScalarLength = 100 }).Errors);

        Assert.Equal("document 1: scalar at line 4, column 22 is 101 characters long, over the limit of 100", error.ToString());
    }

    [Fact]
    public void Parse_TooManyDocuments_BindsThoseBeforeTheLimit()
    {
        var yaml = string.Join("---\n", Enumerable.Range(0, 3).Select(i => Gateway.Replace("{name: g}", $"{{name: g{i}}}", StringComparison.Ordinal)));

        var result = ConfigParser.Parse(yaml, limits: new ParseLimits { MaxDocuments = 2 });

        Assert.Equal(["document 3: too many documents: the limit is 2"], result.Errors.Select(e => e.ToString()));
        Assert.Equal(["g0", "g1"], result.Resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Parse_ListWithTooManyItems_IsRejected()
    {
        var item = "{apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: g}}";
        var yaml = $"apiVersion: v1\nkind: List\nitems: [{item}, {item}, {item}]";

        var result = ConfigParser.Parse(yaml, limits: new ParseLimits { MaxDocuments = 2 });

        Assert.Equal(["document 1: items: too many items: the limit is 2"], result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_UnknownAliasOrCustomTag_RejectsOnlyThatDocument()
    {
        var result = ConfigParser.Parse(Gateway + "spec: {selector: *nope}\n---\n" + Gateway.Replace("{name: g}", "{name: !secret g}", StringComparison.Ordinal) + "---\n" + Gateway);

        Assert.Equal(
            [
                "document 1: unknown alias \"*nope\" at line 4, column 18",
                "document 2: unsupported tag \"!secret\" at line 8, column 18",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Single(result.Resources);
    }

    [Fact]
    public void Parse_ComplexMappingKey_IsRejected()
    {
        var error = Assert.Single(ConfigParser.Parse("? [a, b]\n: c\n").Errors);

        Assert.Equal("document 1: a mapping key at line 1, column 3 is a list; only scalar keys are supported", error.ToString());
    }
}
