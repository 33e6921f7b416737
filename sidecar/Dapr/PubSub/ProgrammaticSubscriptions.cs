using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model.Dapr;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// Reads subscriptions: the app's <c>GET /dapr/subscribe</c> answer (what <c>MapSubscribeHandler</c> serves:
/// <c>[{pubsubname, topic, route | routes: {rules: [{match, path}], default}, metadata, deadLetterTopic}]</c>) and
/// declarative <c>Subscription</c> resources, into <see cref="TopicSubscription"/>s.
/// </summary>
public static class ProgrammaticSubscriptions
{
    public const int MaxEntries = 1000;

    public static IReadOnlyList<TopicSubscription> Parse(byte[] json)
    {
        // Property names are matched case-insensitively, as daprd's decoder does: the .NET SDK writes "pubsubName".
        if (JsonNode.Parse(json, new JsonNodeOptions { PropertyNameCaseInsensitive = true }) is not JsonArray array)
        {
            throw new JsonException("expected a JSON array of subscriptions");
        }

        var result = new List<TopicSubscription>();
        foreach (var node in array.Take(MaxEntries))
        {
            if (node is not JsonObject item || Text(item["pubsubname"]) is not { } pubsub || Text(item["topic"]) is not { } topic)
            {
                continue;
            }

            var rules = new List<RouteRule>();
            string? defaultPath = Text(item["route"]);
            if (item["routes"] is JsonObject routes)
            {
                defaultPath = Text(routes["default"]) ?? defaultPath;
                foreach (var rule in routes["rules"] as JsonArray ?? [])
                {
                    if (rule is JsonObject r && Text(r["match"]) is { } match && Text(r["path"]) is { } path)
                    {
                        rules.Add(new RouteRule(match, path));
                    }
                }
            }

            var metadata = (item["metadata"] as JsonObject)?
                .Where(p => p.Value is JsonValue)
                .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal) ?? [];
            result.Add(new TopicSubscription(pubsub, topic, rules, defaultPath, Text(item["deadLetterTopic"]), metadata, TopicSubscription.Programmatic));
        }

        return result;
    }

    public static TopicSubscription FromResource(DaprSubscription resource)
    {
        var spec = resource.Spec;
        var rules = spec.Routes?.Rules.Select(r => new RouteRule(r.Match ?? "false", r.Path ?? "")).ToList() ?? [];
        return new TopicSubscription(spec.PubsubName ?? "", spec.Topic ?? "", rules, spec.Routes?.Default, spec.DeadLetterTopic,
            spec.Metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), TopicSubscription.Declarative);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
