using System.Text.Json;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Snapshots;

/// <summary>Persists the last good snapshot so a process restarted while the store is down starts from it.</summary>
internal static class SnapshotFile
{
    /// <summary>Writes atomically: a temporary file in the same folder, owner-only, then a rename over the old one.</summary>
    public static async Task WriteAsync(string path, MeshSnapshot snapshot, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var document = new SnapshotDocument(snapshot.Revision, [.. snapshot.Configs.Values], [.. snapshot.Instances.Values]);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                await WriteDocumentAsync(stream, document, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteDocumentAsync(Stream stream, SnapshotDocument document, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("revision", document.Revision);
        json.WriteStartArray("configs");
        foreach (var config in document.Configs)
        {
            JsonSerializer.Serialize(json, config, MeshJson.TypeInfo<ConfigResource>());
        }

        json.WriteEndArray();
        json.WriteStartArray("instances");
        foreach (var instance in document.Instances)
        {
            JsonSerializer.Serialize(json, instance, BlocksJson.TypeInfo<ServiceInstance>());
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>Reads <see cref="WriteDocumentAsync"/>'s form (a missing list is empty, as the reflection-written files omitted empty ones).</summary>
    private static async Task<SnapshotDocument> ReadDocumentAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("revision", out var revision))
        {
            throw new JsonException("not a snapshot file: no revision");
        }

        return new SnapshotDocument(
            revision.GetInt64(),
            Items(root, "configs", MeshJson.TypeInfo<ConfigResource>()),
            Items(root, "instances", BlocksJson.TypeInfo<ServiceInstance>()));
    }

    private static List<T> Items<T>(JsonElement root, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Select(item => item.Deserialize(type) ?? throw new JsonException($"null item in {name}"))]
            : [];

    /// <summary>Reads a snapshot file; null when there is none. A corrupt file throws.</summary>
    public static async Task<MeshSnapshot?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        var document = await ReadDocumentAsync(stream, cancellationToken);
        return new MeshSnapshot(
            document.Revision,
            document.Configs.Select(c => KeyValuePair.Create(c.Key, c)).ToValueMap(),
            document.Instances.Select(i => KeyValuePair.Create(i.Key, i)).ToValueMap());
    }
}

/// <summary>
/// The persisted form of a snapshot: <c>{"revision": N, "configs": [...], "instances": [...]}</c>, each item in its
/// canonical JSON. Written and read item by item with the configs' (<see cref="MeshJson"/>) and the instances'
/// (<see cref="BlocksJson"/>) source-generated metadata, so no JSON metadata of its own is needed: a generated one would
/// carry the whole config model a second time, and reflection is not there in a natively compiled proxy.
/// </summary>
internal sealed record SnapshotDocument(long Revision, IReadOnlyList<ConfigResource> Configs, IReadOnlyList<ServiceInstance> Instances);
