using System.Text.Json;

namespace GatewayMesh.Cli.Output;

/// <summary>Reads fields out of canonical JSON by dotted path, flattening arrays on the way (<c>spec.servers.hosts</c>).</summary>
internal static class JsonFields
{
    public static IReadOnlyList<string> Values(JsonElement root, string path)
    {
        var current = new List<JsonElement> { root };
        foreach (var segment in path.Split('.'))
        {
            var next = new List<JsonElement>();
            foreach (var element in current.SelectMany(Flatten))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var child))
                {
                    next.Add(child);
                }
            }

            current = next;
        }

        return [.. current.SelectMany(Flatten).Select(Text).Where(t => t.Length > 0)];
    }

    public static string Value(JsonElement root, string path) => Values(root, path) is { Count: > 0 } values ? values[0] : "";

    /// <summary>The values joined with commas, or <c>&lt;none&gt;</c> when there are none.</summary>
    public static string Joined(JsonElement root, string path)
    {
        var values = Values(root, path);
        return values.Count == 0 ? "<none>" : string.Join(",", values.Distinct(StringComparer.Ordinal));
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Object => string.Join(",", element.EnumerateObject().Select(p => $"{p.Name}={Text(p.Value)}")),
        _ => "",
    };
}
