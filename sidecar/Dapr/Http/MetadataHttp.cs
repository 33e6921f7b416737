using GatewayMesh.Sidecar.Dapr.PubSub;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary><c>GET /v1.0/metadata</c> and <c>PUT /v1.0/metadata/{key}</c>, in daprd's JSON shape.</summary>
internal static class MetadataHttp
{
    public const string RuntimeVersion = "gatewaymesh-1.19-compatible";

    public static Task GetAsync(HttpContext context, DaprRuntime runtime, SubscriptionManager subscriptions)
    {
        var components = runtime.Components.Loaded.Where(c => c.Error is null).Select(c => new
        {
            name = c.Definition.Metadata.Name,
            type = c.Definition.Spec.Type,
            version = c.Definition.Spec.Version ?? "v1",
            capabilities = Capabilities(c.Definition.Spec.Type),
        });
        var body = new
        {
            id = runtime.Options.AppId,
            runtimeVersion = RuntimeVersion,
            enabledFeatures = Array.Empty<string>(),
            actors = Array.Empty<object>(),
            components,
            extended = runtime.ExtendedMetadata(),
            subscriptions = subscriptions.Active.Select(s => new
            {
                pubsubname = s.PubSub,
                topic = s.Topic,
                metadata = s.Metadata,
                rules = s.Rules.Select(r => new { match = r.Match, path = TopicSubscription.NormalizePath(r.Path) })
                    .Concat(s.DefaultPath is { } d ? [new { match = "", path = TopicSubscription.NormalizePath(d) }] : []),
                deadLetterTopic = s.DeadLetterTopic ?? "",
                type = s.Type,
            }),
            httpEndpoints = Array.Empty<object>(),
            appConnectionProperties = new { port = runtime.Options.AppPort, protocol = "http", channelAddress = "127.0.0.1" },
        };
        return HttpIo.WriteJsonAsync(context, body);
    }

    public static async Task PutAsync(HttpContext context, DaprRuntime runtime, string key)
    {
        var body = await HttpIo.ReadBodyAsync(context, runtime.Options);
        runtime.SetMetadata(key, System.Text.Encoding.UTF8.GetString(body));
        HttpIo.NoContent(context);
    }

    public static string[] Capabilities(string? type) => type switch
    {
        Core.Config.Model.Dapr.DaprComponentTypes.StateRedis => ["ETAG", "TRANSACTIONAL", "TTL"],
        _ => [],
    };
}
