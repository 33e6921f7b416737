using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>
/// What one validation pass carries: the resource's display name and the errors found so far.
/// Paths are plain strings built by the caller (<c>$"{path}.route[{i}]"</c>), always from the document root.
/// </summary>
internal sealed class ValidationContext(string resource)
{
    private readonly List<ConfigError> _errors = [];

    public string Resource { get; } = resource;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public static ValidationContext For(ConfigResource resource) => new(ResourceDisplay.Of(resource));

    public void Add(string path, string message) => _errors.Add(new ConfigError(Resource, path, message));
}
