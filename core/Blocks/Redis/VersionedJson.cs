using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// A resource's canonical JSON cut around its resourceVersion value, so the write script can put in the revision it
/// takes: <c>Head + revision + Tail</c> is exactly <see cref="MeshJson.SerializeResource"/> of the resource at that version.
/// </summary>
internal readonly record struct VersionedJson(string Head, string Tail)
{
    public static VersionedJson Of(ConfigResource resource)
    {
        // a fresh random marker cannot occur in the user's content; hex digits need no JSON escaping
        var marker = Guid.NewGuid().ToString("N");
        var json = MeshJson.SerializeResource(resource.WithResourceVersion(marker));
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        return new VersionedJson(json[..at], json[(at + marker.Length)..]);
    }

    public string At(string version) => Head + version + Tail;
}
