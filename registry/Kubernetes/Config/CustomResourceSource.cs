using System.Runtime.CompilerServices;
using System.Text.Json;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>Lists and watches one mesh kind's custom resources in every namespace, as raw JSON.</summary>
internal sealed class CustomResourceSource(IKubernetes client, ResourceKindInfo kind, string version) : IListWatchSource<JsonElement>
{
    public ResourceKindInfo Kind => kind;

    public string Version => version;

    public string Name => $"{kind.Plural}.{kind.Group}/{version}";

    public async Task<ListResult<JsonElement>> ListAsync(CancellationToken cancellationToken)
    {
        var list = JsonSerializer.SerializeToElement(
            await client.CustomObjects.ListClusterCustomObjectAsync(kind.Group, version, kind.Plural, cancellationToken: cancellationToken));
        var items = list.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
        return new ListResult<JsonElement>(items, list.GetProperty("metadata").GetProperty("resourceVersion").GetString() ?? "");
    }

    public async IAsyncEnumerable<(WatchEventType Type, JsonElement Item)> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var errors = new WatchErrors();
        var events = client.CustomObjects.WatchListClusterCustomObjectAsync(
            kind.Group, version, kind.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: WatchTimeout.Seconds, onError: errors.Add, cancellationToken: cancellationToken);
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            yield return (type, JsonSerializer.SerializeToElement(item));
        }

        errors.ThrowIfAny();
    }

    public string? ResourceVersionOf(JsonElement item) => CustomResourceJson.ResourceVersion(item);
}
