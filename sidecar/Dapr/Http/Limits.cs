using System.Text;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>The Dapr API's size limits on keys, names and metadata, shared by the HTTP and gRPC fronts.</summary>
public static class Limits
{
    public static string Key(string? key, DaprApiOptions options, string what = "key")
    {
        if (string.IsNullOrEmpty(key))
        {
            throw DaprErrors.Malformed($"{what} is empty");
        }

        if (Encoding.UTF8.GetByteCount(key) > options.MaxKeyBytes)
        {
            throw DaprErrors.TooLarge($"the {what}", options.MaxKeyBytes);
        }

        return key;
    }

    public static void CheckMetadata(IReadOnlyDictionary<string, string> metadata, DaprApiOptions options)
    {
        if (metadata.Count > options.MaxMetadataEntries)
        {
            throw DaprErrors.Malformed($"too many metadata entries: at most {options.MaxMetadataEntries}");
        }

        foreach (var (key, value) in metadata)
        {
            if (Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) > options.MaxMetadataValueBytes)
            {
                throw DaprErrors.TooLarge($"metadata entry {key[..Math.Min(key.Length, 64)]}", options.MaxMetadataValueBytes);
            }
        }
    }

    public static void Bulk(int count, DaprApiOptions options)
    {
        if (count > options.MaxBulkItems)
        {
            throw DaprErrors.Malformed($"too many items in one request: at most {options.MaxBulkItems}");
        }
    }
}
