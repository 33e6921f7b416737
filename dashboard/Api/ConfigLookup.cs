using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Dashboard.Settings;

namespace GatewayMesh.Dashboard.Api;

/// <summary>
/// The config resources that apply to one service, read from the registry with the caller's token: VirtualServices
/// that name it as a host or a destination, its DestinationRules and ServiceEntries, and the policies
/// (PeerAuthentication, AuthorizationPolicy, Telemetry) that reach its workloads (its <c>app</c> label, its namespace, or
/// mesh-wide from the root namespace).
/// </summary>
internal sealed class ConfigLookup(DashboardOptions options)
{
    private const string RootNamespace = "istio-system";
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5), MaxResponseContentBufferSize = 16 * 1024 * 1024 };

    public async Task<JsonArray> ForServiceAsync(string service, string ns, CancellationToken cancellationToken)
    {
        if (options.RegistryUrl is not { } registry)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, registry.TrimEnd('/') + "/api/v1/configs");
        request.Headers.Authorization = new("Bearer", options.Token);
        using var response = await Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var found = new JsonArray();
        foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
        {
            if (Why(item, service, ns) is { } why)
            {
                found.Add(new JsonObject
                {
                    ["kind"] = item.GetProperty("kind").GetString(),
                    ["namespace"] = item.GetProperty("metadata").GetProperty("namespace").GetString(),
                    ["name"] = item.GetProperty("metadata").GetProperty("name").GetString(),
                    ["why"] = why,
                    ["spec"] = item.TryGetProperty("spec", out var spec) ? JsonNode.Parse(spec.GetRawText()) : null,
                });
            }
        }

        return found;
    }

    /// <summary>Why <paramref name="item"/> applies to the service, or null.</summary>
    internal static string? Why(JsonElement item, string service, string ns)
    {
        var kind = item.GetProperty("kind").GetString();
        var metadata = item.GetProperty("metadata");
        var itemNs = metadata.TryGetProperty("namespace", out var n) ? n.GetString() ?? "default" : "default";
        var spec = item.TryGetProperty("spec", out var s) ? s : default;
        switch (kind)
        {
            case "VirtualService":
                if (Strings(spec, "hosts").Any(h => Names(h, service, ns)))
                {
                    return "host";
                }

                return Destinations(spec).Any(h => Names(h, service, ns)) ? "routes to it" : null;
            case "DestinationRule":
                return spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("host", out var host) && Names(host.GetString(), service, ns) ? "host" : null;
            case "ServiceEntry":
                return Strings(spec, "hosts").Any(h => Names(h, service, ns)) ? "host" : null;
            case "PeerAuthentication" or "AuthorizationPolicy" or "Telemetry":
                var selector = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("selector", out var sel) && sel.TryGetProperty("matchLabels", out var labels) ? labels : default;
                if (selector.ValueKind == JsonValueKind.Object && selector.EnumerateObject().Any())
                {
                    return (itemNs == ns || itemNs == RootNamespace) && selector.TryGetProperty("app", out var app) && app.GetString() == service ? "selects its workloads" : null;
                }

                return itemNs == ns ? "namespace-wide" : itemNs == RootNamespace ? "mesh-wide" : null;
            default:
                return null;
        }
    }

    private static IEnumerable<string?> Strings(JsonElement spec, string property) =>
        spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString())
            : [];

    /// <summary>Every <c>destination.host</c> in the VirtualService's routes.</summary>
    private static IEnumerable<string?> Destinations(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "destination" && property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("host", out var host))
                {
                    yield return host.GetString();
                }

                foreach (var inner in Destinations(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Destinations(item))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary><c>reviews</c>, <c>reviews.default</c> and <c>reviews.default.svc.cluster.local</c> all name the service.</summary>
    private static bool Names(string? host, string service, string ns) =>
        host is not null && (host == service || host == $"{service}.{ns}" || host.StartsWith($"{service}.{ns}.svc", StringComparison.Ordinal));
}
