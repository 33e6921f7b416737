using GatewayMesh.Core.Config.Parsing;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class ParserRobustnessTests
{
    private const string Valid = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          labels: {app: reviews}
        spec:
          hosts: ["reviews"]
          http:
          - match:
            - headers: {end-user: {exact: jason}}
            route:
            - destination: {host: reviews, subset: v2, port: {number: 9080}}
              weight: 100
            timeout: 1s
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: p}
        spec: {mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: DISABLE}}}
        """;

    private static void AssertHandled(string text)
    {
        var result = ConfigParser.Parse(text);
        Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith("internal error", StringComparison.Ordinal));
        Assert.True(result.Resources.Count == 0 || result.Resources.All(r => r.Metadata.Name.Length > 0));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("\uFEFFapiVersion: v1")]
    [InlineData("\uD800")]
    [InlineData("{")]
    [InlineData("]")]
    [InlineData("&a")]
    [InlineData("*a")]
    [InlineData("? ")]
    [InlineData("- - - -")]
    [InlineData("%YAML 1.1\n---\na: 1")]
    [InlineData("%TAG ! tag:example.com,2000:\n---\n!foo a")]
    [InlineData("a: !!binary aGVsbG8=")]
    [InlineData("key: >\n  folded\n  text\n")]
    [InlineData("...\n...\n")]
    [InlineData("a: 'unterminated")]
    [InlineData("a: \"bad \\q escape\"")]
    [InlineData("\t- a")]
    [InlineData("apiVersion: [\nkind: ]")]
    [InlineData("<<: *a")]
    [InlineData("a: &x 1\n<<: *x")]
    [InlineData("kind: List\nitems: [{kind: List, items: []}]")]
    [InlineData("kind: List\nitems: 5")]
    [InlineData("[1, [2], {a: b}]")]
    [InlineData("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: []")]
    [InlineData("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: [x]}")]
    public void Parse_OddInput_ReportsErrorsWithoutCrashing(string text)
    {
        AssertHandled(text);
    }

    [Fact]
    public void Parse_RandomMutationsOfValidConfig_NeverCrash()
    {
        var random = new Random(20240501);
        const string Alphabet = "{}[]:,-?&*!|>'\"#%@`\n\t 0123456789abcxyz~.";
        for (var i = 0; i < 2000; i++)
        {
            var chars = Valid.ToCharArray();
            var edits = random.Next(1, 6);
            for (var e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            AssertHandled(new string(chars));
        }
    }

    [Fact]
    public void Parse_RandomTruncationsOfValidConfig_NeverCrash()
    {
        for (var length = 0; length <= Valid.Length; length += 3)
        {
            AssertHandled(Valid[..length]);
        }
    }

    [Fact]
    public void Parse_RandomBytes_NeverCrash()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(1, 200)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = (char)random.Next(0, 0x3000);
            }

            AssertHandled(new string(chars));
        }
    }

    [Fact]
    public void Parse_CalledConcurrently_GivesTheSameResult()
    {
        var expected = ConfigParser.Parse(Valid);
        Assert.True(expected.Succeeded, string.Join("\n", expected.Errors));

        var results = new ConfigParseResult[16];
        Parallel.For(0, results.Length, i => results[i] = ConfigParser.Parse(Valid));

        Assert.All(results, r => Assert.Equal(expected.Resources, r.Resources));
    }
}
