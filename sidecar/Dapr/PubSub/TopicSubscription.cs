namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>One rule of a subscription: a CEL condition on the CloudEvent (<c>event.type == "x"</c>) and the app path it sends to.</summary>
public sealed record RouteRule(string Match, string Path);

/// <summary>
/// One topic the app subscribes to, from its <c>GET /dapr/subscribe</c> answer (programmatic) or a <c>Subscription</c>
/// resource (declarative): rules in order, the default path, dead-letter topic, and whether payloads are raw.
/// </summary>
public sealed record TopicSubscription(
    string PubSub,
    string Topic,
    IReadOnlyList<RouteRule> Rules,
    string? DefaultPath,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata,
    string Type)
{
    public const string Programmatic = "PROGRAMMATIC";
    public const string Declarative = "DECLARATIVE";

    public bool RawPayload => Metadata.TryGetValue("rawPayload", out var raw) && bool.TryParse(raw, out var on) && on;

    /// <summary>App paths always start with '/': the SDK writes <c>route: "orders"</c> for <c>[Topic]</c> endpoints.</summary>
    public static string NormalizePath(string path) => path.StartsWith('/') ? path : "/" + path;
}
