using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Registry.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>
/// The write endpoints' store of record in Kubernetes mode: <c>meshctl apply</c> (and create, replace, delete) write
/// the validated resource as a custom resource through the API server, so Kubernetes stays the one source of config;
/// the leader's CRD watch (<see cref="CustomResourceMirror"/>) then stores it in Redis as it does after <c>kubectl
/// apply</c>. A write that would change nothing is not sent. The API server's own answers carry through: a stale
/// resourceVersion is a conflict, a refusal (RBAC, admission) names the API server's message.
/// </summary>
internal sealed class CustomResourceWriter(IKubernetes client, ILogger<CustomResourceWriter> logger) : IConfigWriter
{
    public const string Kubernetes = "kubernetes";
    private const int MaxStatusAttempts = 3;

    public string? StoreOfRecord => Kubernetes;

    /// <summary>
    /// The API server has no multi-object transaction, so an apply is: every given resourceVersion checked against the
    /// current objects first (all stale ones named in one 409, nothing written), then one write per resource, each
    /// checked again by the API server. A refusal after the first write leaves the earlier ones written (the CRD watch
    /// mirrors them) and the error names them, so the user can see what a re-apply will finish.
    /// </summary>
    public async ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken)
    {
        var stale = new List<string>();
        foreach (var resource in resources)
        {
            if (await StaleVersionAsync(resource, cancellationToken) is { } conflict)
            {
                stale.Add(conflict);
            }
        }

        if (stale.Count > 0)
        {
            throw new ConfigConflictException(string.Join("; ", stale));
        }

        var results = new List<ConfigPutResult>(resources.Count);
        foreach (var resource in resources)
        {
            try
            {
                results.Add(await PutAsync(resource, PutMode.Upsert, cancellationToken));
            }
            catch (Exception exception) when (results.Count > 0 && exception is ConfigConflictException or ConfigWriteException)
            {
                var done = $"{exception.Message}; written before it (Kubernetes mode writes one custom resource at a time): " +
                    string.Join(", ", results.Select(r => $"{r.Resource.Key} {r.Outcome.ToString().ToLowerInvariant()}"));
                throw exception is ConfigWriteException refused ? new ConfigWriteException(refused.Status, done) : new ConfigConflictException(done);
            }
        }

        return results;
    }

    private async Task<string?> StaleVersionAsync(ConfigResource resource, CancellationToken cancellationToken)
    {
        if (resource.Metadata.ResourceVersion is not { Length: > 0 } expected)
        {
            return null;
        }

        var (kind, version) = KindAndVersion(resource);
        JsonElement? existing;
        try
        {
            existing = await GetAsync(kind, version, resource.Key, cancellationToken);
        }
        catch (HttpOperationException exception)
        {
            throw Translate(exception, resource.Key);
        }

        var current = existing is { } found ? CustomResourceJson.ResourceVersion(found) : null;
        return current == expected ? null
            : current is null ? $"{resource.Key}: resourceVersion {expected} given, but the resource does not exist"
            : $"{resource.Key}: resourceVersion {expected} is stale, the stored one is {current}";
    }

    public async ValueTask<ConfigPutResult> PutAsync(ConfigResource resource, PutMode mode, CancellationToken cancellationToken)
    {
        var (kind, version) = KindAndVersion(resource);
        var key = resource.Key;
        var body = ToCustomResource(resource, kind, version);
        try
        {
            var existing = await GetAsync(kind, version, key, cancellationToken);
            if (existing is null)
            {
                if (mode == PutMode.Replace)
                {
                    throw new ConfigNotFoundException($"{key} not found");
                }

                var created = JsonSerializer.SerializeToElement(await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                    body, kind.Group, version, key.Namespace, kind.Plural, cancellationToken: cancellationToken));
                Log.CustomResourceWritten(logger, ApplyActions.Created, key);
                await WriteConditionsAsync(created, resource, kind, version, cancellationToken);
                return new ConfigPutResult(resource.WithResourceVersion(CustomResourceJson.ResourceVersion(created)), ConfigPutOutcome.Created);
            }

            if (mode == PutMode.Create)
            {
                throw new ConfigConflictException($"{key} already exists");
            }

            var current = CustomResourceJson.ResourceVersion(existing.Value);
            if (string.IsNullOrEmpty(resource.Metadata.ResourceVersion) && SameContent(existing.Value, resource, kind))
            {
                await WriteConditionsAsync(existing.Value, resource, kind, version, cancellationToken);
                return new ConfigPutResult(resource.WithResourceVersion(current), ConfigPutOutcome.Unchanged);
            }

            // Replace keeps what is not the user's (status, finalizers, owner references) from the current object.
            body["metadata"]!["resourceVersion"] = resource.Metadata.ResourceVersion is { Length: > 0 } given ? given : current;
            if (existing.Value.TryGetProperty("status", out var status))
            {
                body["status"] = JsonNode.Parse(status.GetRawText());
            }

            var replaced = JsonSerializer.SerializeToElement(await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
                body, kind.Group, version, key.Namespace, kind.Plural, key.Name, cancellationToken: cancellationToken));
            Log.CustomResourceWritten(logger, ApplyActions.Configured, key);
            await WriteConditionsAsync(replaced, resource, kind, version, cancellationToken);
            return new ConfigPutResult(resource.WithResourceVersion(CustomResourceJson.ResourceVersion(replaced)), ConfigPutOutcome.Configured);
        }
        catch (HttpOperationException exception)
        {
            throw Translate(exception, key);
        }
    }

    /// <summary>
    /// The conditions the registry itself sets on a resource it writes (a group member's <c>Healthy</c>, from its probe),
    /// into the status subresource, beside the <c>Accepted</c> the CRD watch writes. A write that crossed another one
    /// (409) is retried on the object as it is now, a few times.
    /// </summary>
    private async Task WriteConditionsAsync(JsonElement item, ConfigResource resource, ResourceKindInfo kind, string version, CancellationToken cancellationToken)
    {
        if (JsonSerializer.SerializeToNode(resource, MeshJson.Options)?["status"]?["conditions"] is not JsonArray { Count: > 0 } given)
        {
            return;
        }

        // Without the unset fields: a null in a merge patch means "remove", and the API server stores none.
        var conditions = given.OfType<JsonObject>().Select(c => new JsonObject(c.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value!.DeepClone())))).ToList();
        var key = resource.Key;
        for (var attempt = 1; ; attempt++)
        {
            if (StatusConditions.Has(item, conditions))
            {
                return;
            }

            try
            {
                var patch = new V1Patch(StatusConditions.MergePatch(item, conditions), V1Patch.PatchType.MergePatch);
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                    patch, kind.Group, version, key.Namespace, kind.Plural, key.Name, cancellationToken: cancellationToken);
                return;
            }
            catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxStatusAttempts)
            {
                if (await GetAsync(kind, version, key, cancellationToken) is not { } current)
                {
                    return; // deleted meanwhile
                }

                item = current;
            }
        }
    }

    public async ValueTask<bool> DeleteAsync(ResourceKey key, string? resourceVersion, CancellationToken cancellationToken)
    {
        var kind = ResourceKinds.Get(key.Kind);
        var options = new V1DeleteOptions { Preconditions = resourceVersion is { Length: > 0 } ? new V1Preconditions { ResourceVersion = resourceVersion } : null };
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(kind.Group, kind.Versions[0], key.Namespace, kind.Plural, key.Name, options, cancellationToken: cancellationToken);
            Log.CustomResourceWritten(logger, "deleted", key);
            return true;
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (HttpOperationException exception)
        {
            throw Translate(exception, key);
        }
    }

    /// <summary>The custom resource a user would write: apiVersion, kind, name, namespace, labels, annotations and spec.</summary>
    internal static JsonObject ToCustomResource(ConfigResource resource, ResourceKindInfo kind, string version)
    {
        var serialized = JsonSerializer.SerializeToNode(resource, MeshJson.Options)!.AsObject();
        var metadata = new JsonObject { ["name"] = resource.Metadata.Name, ["namespace"] = resource.Metadata.Namespace };
        if (serialized["metadata"] is JsonObject given)
        {
            foreach (var field in new[] { "labels", "annotations" })
            {
                if (given[field] is JsonObject { Count: > 0 } values)
                {
                    metadata[field] = values.DeepClone();
                }
            }
        }

        var body = new JsonObject { ["apiVersion"] = $"{kind.Group}/{version}", ["kind"] = kind.Kind, ["metadata"] = metadata };
        if (serialized["spec"] is { } spec)
        {
            body["spec"] = spec.DeepClone();
        }

        return body;
    }

    // Equal as the mesh reads them (the parser's typed records compare by value), so a kubectl-written object that
    // says the same in other words is not rewritten.
    private static bool SameContent(JsonElement existing, ConfigResource resource, ResourceKindInfo kind)
    {
        var parsed = ConfigParser.Parse(CustomResourceJson.ToMeshDocument(existing), $"{kind.Kind} {resource.Metadata.Namespace}/{resource.Metadata.Name}");
        return parsed.Errors.Count == 0 && parsed.Resources.Count == 1 &&
            parsed.Resources[0].WithResourceVersion(null) with { ApiVersion = "" } == resource.WithResourceVersion(null) with { ApiVersion = "" };
    }

    private async Task<JsonElement?> GetAsync(ResourceKindInfo kind, string version, ResourceKey key, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.SerializeToElement(await client.CustomObjects.GetNamespacedCustomObjectAsync(
                kind.Group, version, key.Namespace, kind.Plural, key.Name, cancellationToken: cancellationToken));
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static (ResourceKindInfo Kind, string Version) KindAndVersion(ConfigResource resource)
    {
        var kind = ResourceKinds.Get(resource.Kind);
        var version = kind.Versions[0];
        if (kind.AcceptsApiVersion(resource.ApiVersion))
        {
            version = resource.ApiVersion[(kind.Group.Length + 1)..];
        }

        return (kind, version);
    }

    private static Exception Translate(HttpOperationException exception, ResourceKey key)
    {
        var message = $"{key}: the Kubernetes API server answered {(int)exception.Response.StatusCode}: {ServerMessage(exception)}";
        return exception.Response.StatusCode switch
        {
            HttpStatusCode.Conflict => new ConfigConflictException(message),
            HttpStatusCode.NotFound => new ConfigNotFoundException(message),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new ConfigWriteException(StatusCodes.Status400BadRequest, message),
            _ => new ConfigWriteException(StatusCodes.Status502BadGateway, message),
        };
    }

    private static string ServerMessage(HttpOperationException exception)
    {
        try
        {
            using var status = JsonDocument.Parse(exception.Response.Content ?? "");
            return status.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? "" : exception.Message;
        }
        catch (JsonException)
        {
            return exception.Message;
        }
    }
}
