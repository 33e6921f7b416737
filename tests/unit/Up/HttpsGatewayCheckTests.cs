using System.Text.Json;
using GatewayMesh.Cli.Local.Certificates;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

public sealed class HttpsGatewayCheckTests
{
    [Fact]
    public void AnyServesHttps_GatewayWithTlsServerOn443_True() =>
        Assert.True(HttpsGatewayCheck.AnyServesHttps(Configs(
            """{"kind":"VirtualService","spec":{"hosts":["*"]}}""",
            """{"kind":"Gateway","spec":{"servers":[{"port":{"number":8080}},{"port":{"number":443},"tls":{"mode":"SIMPLE","credentialName":"c"}}]}}""")));

    [Fact]
    public void AnyServesHttps_OnlyPlainServers_False() =>
        Assert.False(HttpsGatewayCheck.AnyServesHttps(Configs(
            """{"kind":"Gateway","spec":{"servers":[{"port":{"number":8080},"hosts":["*"]}]}}""")));

    [Fact]
    public void AnyServesHttps_Port443WithoutTls_False() =>
        Assert.False(HttpsGatewayCheck.AnyServesHttps(Configs(
            """{"kind":"Gateway","spec":{"servers":[{"port":{"number":443}}]}}""")));

    [Fact]
    public void AnyServesHttps_OddShapes_FalseNotThrow() =>
        Assert.False(HttpsGatewayCheck.AnyServesHttps(Configs(
            "[]", "\"text\"", """{"kind":"Gateway"}""", """{"kind":"Gateway","spec":{"servers":{}}}""",
            """{"kind":"Gateway","spec":{"servers":[{"port":{"number":"443"},"tls":{}}]}}""")));

    private static JsonElement[] Configs(params string[] json) => [.. json.Select(j => JsonDocument.Parse(j).RootElement)];
}
