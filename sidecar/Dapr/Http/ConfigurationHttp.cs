using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.Configuration;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>
/// <c>GET /v1.0/configuration/{store}?key=a&amp;key=b</c>, <c>GET .../{store}/subscribe</c> (updates are POSTed to the app at
/// <c>/configuration/{store}/{key}</c>, as daprd does) and <c>GET .../{store}/{id}/unsubscribe</c>; also under <c>v1.0-alpha1</c>.
/// </summary>
internal static class ConfigurationHttp
{
    public static async Task GetAsync(HttpContext context, DaprRuntime runtime, string store)
    {
        var keys = Keys(context, runtime);
        var items = await runtime.ConfigurationStore(store).GetAsync(keys);
        await HttpIo.WriteJsonAsync(context, Render(items));
    }

    public static async Task SubscribeAsync(HttpContext context, DaprRuntime runtime, ConfigurationPush push, string store)
    {
        var keys = Keys(context, runtime);
        var id = await push.SubscribeAsync(runtime.ConfigurationStore(store), keys);
        await HttpIo.WriteJsonAsync(context, new JsonObject { ["id"] = id });
    }

    public static async Task UnsubscribeAsync(HttpContext context, DaprRuntime runtime, string store, string id)
    {
        var ok = runtime.ConfigurationStore(store).Unsubscribe(id);
        await HttpIo.WriteJsonAsync(context, new JsonObject { ["ok"] = ok, ["message"] = ok ? "" : $"subscription with id {id} does not exist" }, ok ? 200 : 500);
    }

    public static JsonObject Render(IReadOnlyDictionary<string, ConfigurationValue> items)
    {
        var rendered = new JsonObject();
        foreach (var (key, item) in items)
        {
            rendered[key] = new JsonObject { ["value"] = item.Value, ["version"] = item.Version, ["metadata"] = new JsonObject() };
        }

        return rendered;
    }

    private static List<string> Keys(HttpContext context, DaprRuntime runtime)
    {
        var keys = context.Request.Query["key"].Where(k => !string.IsNullOrEmpty(k)).Select(k => Limits.Key(k, runtime.Options)).ToList();
        Limits.Bulk(keys.Count, runtime.Options);
        return keys!;
    }

    internal static byte[] UpdateBody(string id, IReadOnlyDictionary<string, ConfigurationValue> items) =>
        DaprJson.ToUtf8(new JsonObject { ["id"] = id, ["items"] = Render(items) });
}
