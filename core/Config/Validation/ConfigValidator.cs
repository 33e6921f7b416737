using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>Galley's job: semantic validation of bound resources. Collects every error, never just the first.</summary>
public static class ConfigValidator
{
    /// <summary>Validates one resource on its own.</summary>
    public static IReadOnlyList<ConfigError> Validate(ConfigResource resource) =>
        throw new NotImplementedException();

    /// <summary>Validates a set applied together: each resource, plus duplicates of the same kind/namespace/name.</summary>
    public static IReadOnlyList<ConfigError> ValidateAll(IEnumerable<ConfigResource> resources) =>
        throw new NotImplementedException();
}
