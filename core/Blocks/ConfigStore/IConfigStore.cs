using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.ConfigStore;

/// <summary>How a put treats an existing resource.</summary>
[JsonConverter(typeof(MeshEnumConverter<PutMode>))]
public enum PutMode
{
    /// <summary>Create when absent, replace when present.</summary>
    Upsert,

    /// <summary>Fail with <see cref="ConfigConflictException"/> when the resource exists.</summary>
    Create,

    /// <summary>Fail with <see cref="ConfigNotFoundException"/> when the resource does not exist.</summary>
    Replace,
}

/// <summary>
/// The config store building block. Every accepted write gets the next mesh-wide revision, which becomes the
/// resource's <c>metadata.resourceVersion</c>, and publishes a <see cref="ChangeNotice"/>.
/// </summary>
public interface IConfigStore
{
    ValueTask<ConfigResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default);

    /// <summary>Lists resources, optionally of one kind and one namespace, ordered by key.</summary>
    ValueTask<IReadOnlyList<ConfigResource>> ListAsync(string? kind = null, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a resource. When <c>metadata.resourceVersion</c> is set it must equal the stored one, or the write fails
    /// with <see cref="ConfigConflictException"/> (optimistic concurrency). Returns the stored resource with its new version.
    /// </summary>
    ValueTask<ConfigResource> PutAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="PutAsync"/>, and also says whether the put created, changed, or left the resource unchanged.
    /// A put whose content equals the stored resource (ignoring <c>resourceVersion</c>) is a no-op: no revision, no notice.
    /// </summary>
    ValueTask<ConfigPutResult> PutWithOutcomeAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default);

    /// <summary>
    /// Upserts every resource as one atomic step: first every given <c>metadata.resourceVersion</c> is checked, and one
    /// that does not match fails the whole apply with <see cref="ConfigConflictException"/>, writing nothing; then each
    /// resource is written as <see cref="PutWithOutcomeAsync"/> would (its own revision and notice, in order; unchanged
    /// content takes none). No reader ever sees some of them written and others not, and a writer that dies meanwhile
    /// leaves all or none. Results are in the order given.
    /// </summary>
    ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken = default);

    /// <summary>Deletes a resource; false when it did not exist. A non-null expected version must match.</summary>
    ValueTask<bool> DeleteAsync(ResourceKey key, string? expectedResourceVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Streams config change notices from now on, in revision order.</summary>
    IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken);
}

public sealed class ConfigConflictException(string message) : Exception(message);

public sealed class ConfigNotFoundException(string message) : Exception(message);
