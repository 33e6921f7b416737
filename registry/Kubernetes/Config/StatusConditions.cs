using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>
/// The status the registry writes on each custom resource, as Istio reports status: its <c>Accepted</c> condition on every
/// one, and on an auto-registered WorkloadEntry the <c>Healthy</c> condition of its member's probe.
/// </summary>
internal static class StatusConditions
{
    public const string Accepted = "Accepted";

    /// <summary>Longest condition message written; the full list of errors is in the registry's log.</summary>
    private const int MaxMessageLength = 4096;

    public static string AcceptedMessage => "validated and published to the mesh";

    /// <summary>The registry's <c>Accepted</c> condition: whether the resource validated, and why not.</summary>
    public static JsonObject AcceptedCondition(bool accepted, string message, long? generation, DateTimeOffset now)
    {
        var condition = new JsonObject
        {
            ["type"] = Accepted,
            ["status"] = accepted ? "True" : "False",
            ["reason"] = accepted ? "Accepted" : "Invalid",
            ["message"] = Truncate(message),
            ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (generation is { } g)
        {
            condition["observedGeneration"] = g;
        }

        return condition;
    }

    /// <summary>
    /// A merge patch of the status subresource that sets <paramref name="conditions"/> (by type) and keeps every other
    /// condition the object has: the registry's <c>Accepted</c> and a WorkloadEntry's <c>Healthy</c> come from two
    /// writers, and a merge patch replaces a whole array. It carries the object's resourceVersion, so a write that
    /// crossed another one is refused (409) instead of dropping that one's condition.
    /// </summary>
    public static string MergePatch(JsonElement item, IReadOnlyList<JsonObject> conditions)
    {
        var merged = new JsonArray();
        var types = conditions.Select(c => (string?)c["type"]).ToHashSet(StringComparer.Ordinal);
        foreach (var current in CurrentConditions(item))
        {
            if (current.ValueKind == JsonValueKind.Object && !(current.TryGetProperty("type", out var type) && types.Contains(type.GetString())))
            {
                merged.Add(JsonNode.Parse(current.GetRawText()));
            }
        }

        foreach (var condition in conditions)
        {
            merged.Add(condition.DeepClone());
        }

        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = merged } };
        if (CustomResourceJson.ResourceVersion(item) is { Length: > 0 } version)
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = version };
        }

        return patch.ToJsonString();
    }

    /// <summary>Whether the object already has each of <paramref name="conditions"/> exactly (nothing to write).</summary>
    public static bool Has(JsonElement item, IReadOnlyList<JsonObject> conditions)
    {
        var current = CurrentConditions(item).Where(c => c.ValueKind == JsonValueKind.Object).Select(c => JsonNode.Parse(c.GetRawText())).ToList();
        return conditions.All(wanted => current.Any(c => JsonNode.DeepEquals(c, wanted)));
    }

    private static IEnumerable<JsonElement> CurrentConditions(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object &&
        status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
            ? conditions.EnumerateArray()
            : [];

    public static string Truncate(string message) => message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
}
