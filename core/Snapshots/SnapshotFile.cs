using System.Text.Json;
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
                await JsonSerializer.SerializeAsync(stream, document, MeshJson.TypeInfo<SnapshotDocument>(), cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a snapshot file; null when there is none. A corrupt file throws.</summary>
    public static async Task<MeshSnapshot?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        var document = await JsonSerializer.DeserializeAsync(stream, MeshJson.TypeInfo<SnapshotDocument>(), cancellationToken)
            ?? throw new JsonException("empty snapshot file");
        return new MeshSnapshot(
            document.Revision,
            document.Configs.Select(c => KeyValuePair.Create(c.Key, c)).ToValueMap(),
            document.Instances.Select(i => KeyValuePair.Create(i.Key, i)).ToValueMap());
    }
}

/// <summary>The persisted form of a snapshot: its revision, configs and instances.</summary>
internal sealed record SnapshotDocument(long Revision, IReadOnlyList<ConfigResource> Configs, IReadOnlyList<ServiceInstance> Instances);
