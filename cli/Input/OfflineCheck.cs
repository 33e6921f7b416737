using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Cli.Input;

/// <summary>What the registry would say about some files before storing them, worked out without a server.</summary>
internal sealed record OfflineCheckResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<ConfigError> Errors)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>Parses every input and validates all resources together, so duplicates across files are caught too.</summary>
internal static class OfflineCheck
{
    public static OfflineCheckResult Run(IReadOnlyList<InputDocument> documents)
    {
        var resources = new List<ConfigResource>();
        var errors = new List<ConfigError>();
        foreach (var document in documents)
        {
            var parsed = ConfigParser.Parse(document.Text, document.Name);
            resources.AddRange(parsed.Resources);
            errors.AddRange(parsed.Errors);
        }

        errors.AddRange(ConfigValidator.ValidateAll(resources));
        return new OfflineCheckResult(resources, errors);
    }
}
