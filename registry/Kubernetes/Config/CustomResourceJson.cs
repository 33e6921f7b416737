using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>
/// Reads a custom resource as the API server serves it and turns it into the document the mesh's parser reads: only
/// apiVersion, kind, metadata.name/namespace/labels/annotations and spec are kept; the server's own fields (uid,
/// resourceVersion, managedFields, ...) and kubectl's last-applied annotation are dropped, so the parser's unknown-field
/// check judges only what the user wrote.
/// </summary>
internal static class CustomResourceJson
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public static string? ResourceVersion(JsonElement item) =>
        Metadata(item) is { } m && m.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;

    public static long? Generation(JsonElement item) =>
        Metadata(item) is { } m && m.TryGetProperty("generation", out var g) && g.TryGetInt64(out var value) ? value : null;

    public static ResourceKey Key(JsonElement item, string kind) => new(kind, Text(item, "namespace") ?? ResourceMetadata.DefaultNamespace, Text(item, "name") ?? "");

    /// <summary>The user's document, as JSON text for <c>ConfigParser</c>.</summary>
    public static string ToMeshDocument(JsonElement item)
    {
        var document = new JsonObject();
        Copy(item, document, "apiVersion");
        Copy(item, document, "kind");
        var metadata = new JsonObject();
        if (Metadata(item) is { } source)
        {
            Copy(source, metadata, "name");
            Copy(source, metadata, "namespace");
            Copy(source, metadata, "labels");
            if (source.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
            {
                var kept = new JsonObject();
                foreach (var annotation in annotations.EnumerateObject().Where(a => a.Name != LastApplied))
                {
                    kept[annotation.Name] = JsonNode.Parse(annotation.Value.GetRawText());
                }

                if (kept.Count > 0)
                {
                    metadata["annotations"] = kept;
                }
            }
        }

        document["metadata"] = metadata;
        Copy(item, document, "spec");
        return document.ToJsonString();
    }

    /// <summary>The Accepted condition the object already carries, if any.</summary>
    public static (string? Status, string? Message, long? ObservedGeneration) AcceptedCondition(JsonElement item)
    {
        if (!item.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object ||
            !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return (null, null, null);
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.ValueKind == JsonValueKind.Object && condition.TryGetProperty("type", out var type) && type.GetString() == StatusConditions.Accepted)
            {
                return (StringOf(condition, "status"), StringOf(condition, "message"),
                    condition.TryGetProperty("observedGeneration", out var g) && g.TryGetInt64(out var value) ? value : null);
            }
        }

        return (null, null, null);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? Metadata(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : null;

    private static string? Text(JsonElement item, string name) => Metadata(item) is { } m ? StringOf(m, name) : null;

    private static void Copy(JsonElement from, JsonObject to, string name)
    {
        if (from.TryGetProperty(name, out var value))
        {
            to[name] = JsonNode.Parse(value.GetRawText());
        }
    }
}
