using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Subscriptions;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary><c>GET /v1.0/metadata</c> and <c>PUT /v1.0/metadata/{key}</c>, in daprd's JSON shape.</summary>
internal static class MetadataHttp
{
    public const string RuntimeVersion = "gatewaymesh-1.19-compatible";

    public static Task GetAsync(HttpContext context, DaprRuntime runtime, SubscriptionManager subscriptions)
    {
        var components = runtime.Components.Loaded.Where(c => c.Error is null).Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Definition.Metadata.Name,
            ["type"] = c.Definition.Spec.Type,
            ["version"] = c.Definition.Spec.Version ?? "v1",
            ["capabilities"] = DaprJson.Array(Capabilities(c.Definition.Spec.Type).Select(x => (JsonNode)x)),
        });
        var body = new JsonObject
        {
            ["id"] = runtime.Options.AppId,
            ["runtimeVersion"] = RuntimeVersion,
            ["enabledFeatures"] = new JsonArray(),
            ["actors"] = new JsonArray(),
            ["components"] = DaprJson.Array(components),
            ["extended"] = DaprJson.Object(runtime.ExtendedMetadata()),
            ["subscriptions"] = DaprJson.Array(subscriptions.Active.Select(s => (JsonNode)new JsonObject
            {
                ["pubsubname"] = s.PubSub,
                ["topic"] = s.Topic,
                ["metadata"] = DaprJson.Object(s.Metadata),
                ["rules"] = DaprJson.Array(s.Rules.Select(r => Rule(r.Match, r.Path))
                    .Concat(s.DefaultPath is { } d ? [Rule("", d)] : [])),
                ["deadLetterTopic"] = s.DeadLetterTopic ?? "",
                ["type"] = s.Type,
            })),
            ["httpEndpoints"] = new JsonArray(),
            ["appConnectionProperties"] = new JsonObject { ["port"] = runtime.Options.AppPort, ["protocol"] = "http", ["channelAddress"] = "127.0.0.1" },
        };
        return HttpIo.WriteJsonAsync(context, body);
    }

    public static async Task PutAsync(HttpContext context, DaprRuntime runtime, string key)
    {
        var body = await HttpIo.ReadBodyAsync(context, runtime.Options);
        runtime.SetMetadata(key, System.Text.Encoding.UTF8.GetString(body));
        HttpIo.NoContent(context);
    }

    private static JsonNode Rule(string match, string path) =>
        new JsonObject { ["match"] = match, ["path"] = TopicSubscription.NormalizePath(path) };

    public static string[] Capabilities(string? type) => type switch
    {
        Core.Config.Model.Dapr.DaprComponentTypes.StateRedis => ["ETAG", "TRANSACTIONAL", "TTL"],
        _ => [],
    };
}
