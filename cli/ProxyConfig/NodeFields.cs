using System.Text.Json.Nodes;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>Reads fields out of a proxy's <c>/debug/*</c> document leniently: a missing or null field is empty text or no items.</summary>
internal static class NodeFields
{
    public static string Text(JsonNode? node, string name) => node is JsonObject obj && obj[name] is JsonValue value ? value.ToString() : "";

    public static string TextOr(JsonNode? node, string name, string fallback) => Text(node, name) is { Length: > 0 } text ? text : fallback;

    public static IReadOnlyList<JsonNode> Items(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonArray array ? [.. array.Where(i => i is not null).Select(i => i!)] : [];

    public static IReadOnlyList<string> Strings(JsonNode? node, string name) =>
        [.. Items(node, name).Select(i => i.ToString()).Where(s => s.Length > 0)];

    public static long? Number(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static bool Flag(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>An object's members as <c>key=value</c> sorted by key and joined with commas, or <c>&lt;none&gt;</c>.</summary>
    public static string Pairs(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonObject map && map.Count > 0
            ? string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
            : "<none>";
}
