using System.Text.Json;

namespace GatewayMesh.Cli.Local.Certificates;

/// <summary>
/// Whether stored configs give the ingress's HTTPS listener anything to serve: a Gateway server on 443 or 8443 with a
/// <c>tls</c> block. A store kept from before the Bookinfo gateway had one would leave https://localhost:31390 refusing
/// every handshake, so <c>up</c> says so instead of printing a URL that cannot work.
/// </summary>
internal static class HttpsGatewayCheck
{
    public static bool AnyServesHttps(IEnumerable<JsonElement> configs) => configs.Any(ServesHttps);

    private static bool ServesHttps(JsonElement config) =>
        config.ValueKind == JsonValueKind.Object
        && config.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Gateway"
        && config.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
        && spec.TryGetProperty("servers", out var servers) && servers.ValueKind == JsonValueKind.Array
        && servers.EnumerateArray().Any(IsTlsServer);

    private static bool IsTlsServer(JsonElement server) =>
        server.ValueKind == JsonValueKind.Object
        && server.TryGetProperty("tls", out var tls) && tls.ValueKind == JsonValueKind.Object
        && server.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Object
        && port.TryGetProperty("number", out var number) && number.ValueKind == JsonValueKind.Number
        && number.TryGetInt32(out var value) && value is 443 or 8443;
}
