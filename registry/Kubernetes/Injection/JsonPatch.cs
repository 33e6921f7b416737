using System.Text.Json.Nodes;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>An RFC 6902 JSON Patch being built, with RFC 6901 escaping of keys that hold '/' or '~'.</summary>
internal sealed class JsonPatch
{
    private readonly JsonArray _operations = [];

    public int Count => _operations.Count;

    public static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public void Add(string path, JsonNode? value) =>
        _operations.Add(new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = value });

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/> of a map that may not exist yet.</summary>
    public void AddToMap(string mapPath, bool mapExists, string key, string value)
    {
        if (mapExists)
        {
            Add($"{mapPath}/{Escape(key)}", value);
        }
        else
        {
            Add(mapPath, new JsonObject { [key] = value });
        }
    }

    /// <summary>Inserts items into an array that may not exist yet, at the front or at the end.</summary>
    public void AddToArray(string arrayPath, bool arrayExists, IEnumerable<JsonNode> items, bool atFront)
    {
        var list = items.ToList();
        if (!arrayExists)
        {
            Add(arrayPath, new JsonArray([.. list]));
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            Add(atFront ? $"{arrayPath}/{i}" : $"{arrayPath}/-", list[i]);
        }
    }

    public string ToJson() => _operations.ToJsonString();
}
