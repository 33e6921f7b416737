using System.Text.Json;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>
/// Mirrors one kind's custom resources into the config store by the path <c>meshctl apply</c> takes: parse with the
/// mesh's parser, validate with the same checks (<see cref="ConfigChecks"/>), then an upsert that the store skips
/// when nothing changed. An invalid object is not stored (the last good version stays in force) and gets
/// <c>Accepted=False</c> with every error; a valid one <c>Accepted=True</c>. A deleted object is deleted from the
/// store; after a (re)list, stored resources of this kind that Kubernetes no longer has are deleted too.
/// </summary>
internal sealed class CustomResourceMirror(
    IKubernetes client,
    CustomResourceSource source,
    IConfigStore store,
    TimeProvider time,
    ILogger logger) : IListWatchSink<JsonElement>
{
    private ResourceKindInfo Kind => source.Kind;

    public async Task ReplaceAllAsync(IReadOnlyList<JsonElement> items, CancellationToken cancellationToken)
    {
        var present = new HashSet<ResourceKey>();
        foreach (var item in items)
        {
            present.Add(CustomResourceJson.Key(item, Kind.Kind));
            await UpsertAsync(item, cancellationToken);
        }

        foreach (var stored in await store.ListAsync(Kind.Kind, null, cancellationToken))
        {
            if (!present.Contains(stored.Key) && await store.DeleteAsync(stored.Key, null, cancellationToken))
            {
                Log.CustomResourceDeleted(logger, stored.Key);
            }
        }
    }

    public async Task ApplyAsync(WatchEventType type, JsonElement item, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                await UpsertAsync(item, cancellationToken);
                break;
            case WatchEventType.Deleted:
                var key = CustomResourceJson.Key(item, Kind.Kind);
                if (await store.DeleteAsync(key, null, cancellationToken))
                {
                    Log.CustomResourceDeleted(logger, key);
                }

                break;
        }
    }

    private async Task UpsertAsync(JsonElement item, CancellationToken cancellationToken)
    {
        var key = CustomResourceJson.Key(item, Kind.Kind);
        var parsed = ConfigParser.Parse(CustomResourceJson.ToMeshDocument(item), $"{Kind.Kind} {key.Namespace}/{key.Name}");
        var errors = ConfigChecks.ErrorsOf(parsed);
        if (errors.Count == 0 && parsed.Resources.Count != 1)
        {
            errors = [$"{key}: expected one resource, the parser found {parsed.Resources.Count}"];
        }

        if (errors.Count > 0)
        {
            var joined = string.Join("; ", errors);
            Log.CustomResourceRejected(logger, key, errors.Count, joined);
            await WriteStatusAsync(item, key, accepted: false, string.Join("\n", errors), cancellationToken);
            return;
        }

        var (_, outcome) = await store.PutWithOutcomeAsync(parsed.Resources[0].WithResourceVersion(null), PutMode.Upsert, cancellationToken);
        if (outcome != ConfigPutOutcome.Unchanged)
        {
            var action = outcome == ConfigPutOutcome.Created ? "created" : "configured";
            Log.CustomResourceStored(logger, action, key);
        }

        await WriteStatusAsync(item, key, accepted: true, StatusConditions.AcceptedMessage, cancellationToken);
    }

    private async Task WriteStatusAsync(JsonElement item, ResourceKey key, bool accepted, string message, CancellationToken cancellationToken)
    {
        var generation = CustomResourceJson.Generation(item);
        var (status, currentMessage, observed) = CustomResourceJson.AcceptedCondition(item);
        if (status == (accepted ? "True" : "False") && currentMessage == StatusConditions.Truncate(message) && observed == generation)
        {
            return;
        }

        var condition = StatusConditions.AcceptedCondition(accepted, message, generation, time.GetUtcNow());
        var patch = new V1Patch(StatusConditions.MergePatch(item, [condition]), V1Patch.PatchType.MergePatch);
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                patch, Kind.Group, source.Version, key.Namespace, Kind.Plural, key.Name, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            // The object may be gone already, or changed since this event (409): its next event writes the status again.
            Log.StatusWriteFailed(logger, key, exception.Message);
        }
    }
}
