using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;

namespace GatewayMesh.Cli.Input;

/// <summary>What the registry would say about some files before storing them, worked out without a server.</summary>
internal sealed record OfflineCheckResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>Documents that are not mesh config (Kubernetes kinds), left out without an error.</summary>
    public IReadOnlyList<SkippedDocument> Skipped { get; init; } = [];

    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// Parses and validates each input on its own, as the registry would on a separate apply: a name defined twice in one
/// file is an error, while a later file that redefines a resource replaces it, as applying the files in order would
/// (so a folder of alternatives, like configs/bookinfo, validates clean). The resources returned are that end state.
/// </summary>
internal static class OfflineCheck
{
    public static OfflineCheckResult Run(IReadOnlyList<InputDocument> documents)
    {
        var resources = new Dictionary<ResourceKey, ConfigResource>();
        var errors = new List<ConfigError>();
        var skipped = new List<SkippedDocument>();
        foreach (var document in documents)
        {
            var parsed = ConfigParser.Parse(document.Text, document.Name);
            errors.AddRange(ConfigValidator.Check(parsed));
            skipped.AddRange(parsed.Skipped);
            foreach (var resource in parsed.Resources)
            {
                resources[resource.Key] = resource;
            }
        }

        return new OfflineCheckResult([.. resources.Values], errors) { Skipped = skipped };
    }
}
