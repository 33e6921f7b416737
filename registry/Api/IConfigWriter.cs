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

    /// <summary>
    /// Upserts every resource of one apply, results in the order given. Every given <c>metadata.resourceVersion</c> is
    /// checked before the first write (a stale one throws <see cref="ConfigConflictException"/> and writes nothing).
    /// The config store does the rest as one atomic step; Kubernetes writes one custom resource at a time, so a refusal
    /// after the first write leaves the earlier ones written and says which (<see cref="ConfigWriteException"/>,
    /// <see cref="ConfigConflictException"/>).
    /// </summary>
    ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken);

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

    // One Lua script in Redis: all versions checked, then all written, or nothing (IConfigStore.ApplyAsync).
    public ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken) =>
        store.ApplyAsync(resources, cancellationToken);

    public ValueTask<ConfigPutResult> PutAsync(ConfigResource resource, PutMode mode, CancellationToken cancellationToken) =>
        store.PutWithOutcomeAsync(resource, mode, cancellationToken);

    public ValueTask<bool> DeleteAsync(ResourceKey key, string? resourceVersion, CancellationToken cancellationToken) =>
        store.DeleteAsync(key, resourceVersion, cancellationToken);
}
