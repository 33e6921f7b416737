using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Blocks.ConfigStore;

/// <summary>The failures of config writes, worded the same by every component.</summary>
internal static class ConfigWriteErrors
{
    public static ConfigConflictException AlreadyExists(ResourceKey key) =>
        new($"{Describe(key)} already exists");

    public static ConfigNotFoundException NotFound(ResourceKey key) =>
        new($"{Describe(key)} not found");

    public static ConfigConflictException VersionMismatch(ResourceKey key, string expected, string? stored) =>
        new(stored is null
            ? $"{Describe(key)}: resourceVersion {expected} given, but the resource does not exist"
            : $"{Describe(key)}: resourceVersion {expected} given, but the stored version is {stored} (re-read and retry)");

    private static string Describe(ResourceKey key) => $"{key.Kind} {key.Namespace}/{key.Name}";
}
