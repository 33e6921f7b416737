using System.Text.Json;
using GatewayMesh.Core.Config.Serialization;
using YamlDotNet.Serialization;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class YamlWriterTests
{
    private static string ToYaml(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return YamlWriter.FromJson(doc.RootElement).ReplaceLineEndings("\n");
    }

    [Fact]
    public void FromJson_Resource_WritesBlockStyleInJsonOrder()
    {
        var yaml = ToYaml("""{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"reviews","namespace":"default"},"spec":{"hosts":["reviews"],"http":[{"route":[{"destination":{"host":"reviews","subset":"v1"},"weight":100}]}]}}""");

        Assert.Equal(
            """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: default
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v1
                  weight: 100

            """.ReplaceLineEndings("\n"),
            yaml);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("n")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("123")]
    [InlineData("-7")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData(".inf")]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("2024-01-02")]
    [InlineData("")]
    [InlineData(" padded")]
    public void FromJson_StringYamlWouldMisread_IsDoubleQuoted(string text)
    {
        var yaml = ToYaml(JsonSerializer.Serialize(new { value = text }));

        Assert.Equal($"value: \"{text}\"\n", yaml);
    }

    [Theory]
    [InlineData(":")]
    [InlineData("- item")]
    [InlineData("# comment")]
    [InlineData("a: b")]
    [InlineData("*")]
    [InlineData("{x}")]
    [InlineData("@at")]
    public void FromJson_StringWithYamlIndicators_RoundTripsAsString(string text)
    {
        var yaml = ToYaml(JsonSerializer.Serialize(new { value = text }));

        var back = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>(yaml);
        Assert.Equal(text, back["value"]);
        Assert.NotEqual($"value: {text}\n", yaml);
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("networking.istio.io/v1")]
    [InlineData("1.5s")]
    [InlineData("v1")]
    [InlineData("spiffe://cluster.local/ns/default/sa/bookinfo")]
    public void FromJson_OrdinaryString_IsPlain(string text)
    {
        Assert.Equal($"value: {text}\n", ToYaml(JsonSerializer.Serialize(new { value = text })));
    }

    [Fact]
    public void FromJson_NumbersBoolsNull_ArePlain()
    {
        Assert.Equal("a: 1\nb: 2.5\nc: true\nd: false\ne: null\n", ToYaml("""{"a":1,"b":2.5,"c":true,"d":false,"e":null}"""));
    }

    [Fact]
    public void FromJson_EmptyCollections_UseFlowStyle()
    {
        Assert.Equal("a: {}\nb: []\n", ToYaml("""{"a":{},"b":[]}"""));
    }

    [Fact]
    public void FromJson_KeyYamlWouldMisread_IsQuoted()
    {
        Assert.Equal("\"on\": x\n\"8080\": z\n", ToYaml("""{"on":"x","8080":"z"}"""));
    }

    [Fact]
    public void FromJson_MultilineString_RoundTrips()
    {
        var yaml = ToYaml("""{"script":"line one\nline two\n"}""");

        var back = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>(yaml);
        Assert.Equal("line one\nline two\n", back["script"]);
    }

    [Fact]
    public void FromJsonDocuments_Several_SeparatesWithDashes()
    {
        using var a = JsonDocument.Parse("""{"name":"a"}""");
        using var b = JsonDocument.Parse("""{"name":"b"}""");

        var yaml = YamlWriter.FromJsonDocuments([a.RootElement, b.RootElement]).ReplaceLineEndings("\n");

        Assert.Equal("name: a\n---\nname: b\n", yaml);
    }
}
