using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// Where the write endpoints (<c>/apply</c>, <c>POST</c>/<c>PUT</c>/<c>DELETE /configs</c>) put validated config: the
/// Redis config store itself (<see cref="StoreConfigWriter"/>), or, in Kubernetes mode, the API server's custom
/// resources, which the registry's CRD watch then mirrors into the store (Kubernetes is the store of record there).
/// </summary>
internal interface IConfigWriter
{
    /// <summary>Null when the config store is written directly; else the store of record the responses name (<c>kubernetes</c>).</summary>
    string? StoreOfRecord { get; }

    /// <summary>A conflict message when <paramref name="resource"/> names a resource version that is not the current one.</summary>
    Task<string?> StaleVersionAsync(ConfigResource resource, CancellationToken cancellationToken);

    /// <summary>Writes one resource; throws <see cref="ConfigConflictException"/>, <see cref="ConfigNotFoundException"/> or <see cref="ConfigWriteException"/>.</summary>
    ValueTask<ConfigPutResult> PutAsync(ConfigResource resource, PutMode mode, CancellationToken cancellationToken);

    /// <summary>Deletes one resource; false when it does not exist.</summary>
    ValueTask<bool> DeleteAsync(ResourceKey key, string? resourceVersion, CancellationToken cancellationToken);
}

/// <summary>The store of record refused a write for a reason other than a conflict or a missing resource.</summary>
internal sealed class ConfigWriteException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status the registry answers with.</summary>
    public int Status => status;
}

/// <summary>Writes straight into the config store (every mode but Kubernetes).</summary>
internal sealed class StoreConfigWriter(IConfigStore store) : IConfigWriter
{
    public string? StoreOfRecord => null;

    public async Task<string?> StaleVersionAsync(ConfigResource resource, CancellationToken cancellationToken)
    {
        var expected = resource.Metadata.ResourceVersion;
        if (string.IsNullOrEmpty(expected))
        {
            return null;
        }

        var existing = await store.GetAsync(resource.Key, cancellationToken);
        if (expected == existing?.Metadata.ResourceVersion)
        {
            return null;
        }

        return existing is null
            ? $"{resource.Key}: resourceVersion {expected} given, but the resource does not exist"
            : $"{resource.Key}: resourceVersion {expected} is stale, the stored one is {existing.Metadata.ResourceVersion}";
    }

    public ValueTask<ConfigPutResult> PutAsync(ConfigResource resource, PutMode mode, CancellationToken cancellationToken) =>
        store.PutWithOutcomeAsync(resource, mode, cancellationToken);

    public ValueTask<bool> DeleteAsync(ResourceKey key, string? resourceVersion, CancellationToken cancellationToken) =>
        store.DeleteAsync(key, resourceVersion, cancellationToken);
}
